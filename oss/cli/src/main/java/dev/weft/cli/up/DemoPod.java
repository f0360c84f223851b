package dev.weft.cli.up;

import java.util.List;

/**
 * One replica of a demo service, an application process behind its own proxy, as a pod would be.
 * {@code slot} places its four ports (app, proxy inbound, proxy outbound, proxy admin) in the port
 * block; {@code faults} are the demo flags that make it misbehave on purpose; {@code zone} is the
 * simulated zone it runs in (empty: none), given to its proxy and to its registry endpoint.
 *
 * <p>books runs three: {@code books-0} as it should, {@code books-1} slow, {@code books-2} failing
 * a share of its requests with 503, so that balancing and retries have something to show. With
 * zones, {@link DemoTopology} places them otherwise.
 */
record DemoPod(DemoService service, String name, int slot, List<String> faults, String zone) {
  static final DemoPod WEB = new DemoPod(DemoService.WEB, "web", 10, List.of());
  static final DemoPod BOOKS_0 = new DemoPod(DemoService.BOOKS, "books-0", 20, List.of());
  static final DemoPod BOOKS_1 =
      new DemoPod(DemoService.BOOKS, "books-1", 30, List.of("--delay", "80ms"));
  static final DemoPod BOOKS_2 =
      new DemoPod(
          DemoService.BOOKS, "books-2", 40, List.of("--fail-ratio", "0.3", "--fail-status", "503"));
  static final DemoPod AUTHORS = new DemoPod(DemoService.AUTHORS, "authors", 50, List.of());

  /** Every pod, in start order. */
  static final List<DemoPod> ALL = List.of(WEB, BOOKS_0, BOOKS_1, BOOKS_2, AUTHORS);

  DemoPod {
    faults = List.copyOf(faults);
  }

  DemoPod(DemoService service, String name, int slot, List<String> faults) {
    this(service, name, slot, faults, "");
  }

  /** The same replica in {@code zone}. */
  DemoPod inZone(String zone) {
    return new DemoPod(service, name, slot, faults, zone);
  }

  static List<DemoPod> of(DemoService s) {
    return ALL.stream().filter(p -> p.service == s).toList();
  }

  String proxyName() {
    return name + "-proxy";
  }
}
