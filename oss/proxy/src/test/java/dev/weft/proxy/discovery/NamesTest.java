package dev.weft.proxy.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void anAuthorityBecomesLowerCaseHostAndPort() {
    assertEquals("books:80", Names.normalize("books"));
    assertEquals("books:80", Names.normalize("Books:80"));
    assertEquals(
        "books.demo.svc.cluster.local:7000", Names.normalize("books.demo.svc.cluster.local.:7000"));
    assertEquals("books:8080", Names.normalize("user@books:8080"));
    assertEquals("[::1]:80", Names.normalize("[::1]"));
    assertEquals("[::1]:9000", Names.normalize("[::1]:9000"));
  }

  @Test
  void unusableAuthoritiesHaveNoName() {
    assertNull(Names.normalize(null));
    assertNull(Names.normalize(""));
    assertNull(Names.normalize("books:"));
    assertNull(Names.normalize("books:http"));
    assertNull(Names.normalize("books:0"));
    assertNull(Names.normalize("books:70000"));
    assertNull(Names.normalize(":80"));
  }
}
