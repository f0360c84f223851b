package dev.weft.compliance;

import dev.weft.attest.Predicate;
import dev.weft.attest.Statement;
import dev.weft.attest.Subject;
import java.util.List;

/**
 * What {@code weft compliance attest} signs: subjects and a predicate about them. A file (an SBOM)
 * is one kind ({@link FileSubject}); other kinds (a mesh-posture report) implement this too and are
 * signed the same way by {@link StatementSigner}.
 */
public interface AttestationInput {
  /** What the statement is about, each with its digest. */
  List<Subject> subjects();

  /** What the statement says about them. */
  Predicate predicate();

  /** The in-toto statement to sign. */
  default Statement statement() {
    return new Statement(subjects(), predicate());
  }
}
