package dev.weft.demo.authors;

import dev.weft.demo.authors.v1.Author;
import dev.weft.demo.authors.v1.AuthorsGrpc;
import dev.weft.demo.authors.v1.GetAuthorRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Map;

/** The authors the demo knows; an unknown id is NOT_FOUND. */
final class AuthorDirectory extends AuthorsGrpc.AuthorsImplBase {
  private static final Map<String, Author> AUTHORS =
      Map.of(
          "le-guin", author("le-guin", "Ursula K. Le Guin", 1929),
          "butler", author("butler", "Octavia E. Butler", 1947),
          "lem", author("lem", "Stanisław Lem", 1921));

  @Override
  public void getAuthor(GetAuthorRequest request, StreamObserver<Author> response) {
    Author author = AUTHORS.get(request.getId());
    if (author == null) {
      response.onError(
          Status.NOT_FOUND.withDescription("no author '" + request.getId() + "'").asException());
      return;
    }
    response.onNext(author);
    response.onCompleted();
  }

  private static Author author(String id, String name, int born) {
    return Author.newBuilder().setId(id).setName(name).setBorn(born).build();
  }
}
