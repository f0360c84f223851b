package dev.weft.cli.check;

/** The outcome of one check; a warning does not fail {@code weft check}. */
enum Status {
  PASS("√", "success"),
  WARN("!", "warning"),
  FAIL("×", "error");

  final String symbol;
  final String json;

  Status(String symbol, String json) {
    this.symbol = symbol;
    this.json = json;
  }
}
