package dev.weft.proxy.discovery;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicePolicyTest {
  private static final RouteSpec BOOKS =
      new RouteSpec(
          "books",
          List.of(new MatchSpec(null, "/books", "GET", Map.of())),
          List.of(),
          null,
          null,
          null);
  private static final RouteSpec ADMIN =
      new RouteSpec(
          "admin",
          List.of(
              new MatchSpec("/admin", null, null, Map.of("x-team", "ops")),
              new MatchSpec(null, "/ops/", null, Map.of())),
          List.of(),
          null,
          null,
          null);
  private static final ServicePolicy POLICY =
      new ServicePolicy(
          List.of(BOOKS, ADMIN),
          List.of(),
          ServicePolicy.BudgetSpec.DEFAULT,
          "",
          Map.of(),
          ServicePolicy.AccrualSpec.DEFAULT,
          "test");

  @Test
  void thePrefixMatchesWholePathSegments() {
    assertSame(BOOKS, POLICY.route("GET", "/books", h -> null));
    assertSame(BOOKS, POLICY.route("GET", "/books/1", h -> null));
    assertSame(RouteSpec.DEFAULT, POLICY.route("GET", "/bookshelf", h -> null));
    assertSame(RouteSpec.DEFAULT, POLICY.route("POST", "/books", h -> null));
    // A prefix ending in '/' matches anything below it.
    assertSame(ADMIN, POLICY.route("PUT", "/ops/restart", h -> null));
  }

  @Test
  void anyMatchOfARouteTakesTheRequestAndHeadersMustBeExact() {
    assertSame(ADMIN, POLICY.route("GET", "/admin", h -> h.equals("x-team") ? "ops" : null));
    assertSame(
        RouteSpec.DEFAULT, POLICY.route("GET", "/admin", h -> h.equals("x-team") ? "dev" : null));
    assertSame(RouteSpec.DEFAULT, POLICY.route("GET", "/admin/x", h -> "ops"));
  }

  @Test
  void routesAreTriedInOrderAndAnEmptyMatchTakesEverything() {
    RouteSpec all = new RouteSpec("all", List.of(), List.of(), null, null, null);
    ServicePolicy p =
        new ServicePolicy(
            List.of(BOOKS, all),
            List.of(),
            ServicePolicy.BudgetSpec.DEFAULT,
            "",
            Map.of(),
            ServicePolicy.AccrualSpec.DEFAULT,
            "test");
    assertSame(BOOKS, p.route("GET", "/books", h -> null));
    assertSame(all, p.route("DELETE", "/anything", h -> null));
  }
}
