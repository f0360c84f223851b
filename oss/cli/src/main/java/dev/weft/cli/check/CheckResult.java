package dev.weft.cli.check;

/** One line of {@code weft check}: what was checked, and, unless it passed, what to do about it. */
record CheckResult(String what, Status status, String hint) {}
