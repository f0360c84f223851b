package dev.weft.controlplane.fleet;

/**
 * What an identity ({@code SA.NS.serviceaccount.identity.weft.DOMAIN}) says of the workload behind
 * it: its namespace (the second label) and, as a workload, {@code serviceaccount SA}.
 */
record ReportedIdentity(String namespace, Workload workload) {
  static final ReportedIdentity NONE = new ReportedIdentity(null, null);

  static ReportedIdentity of(String identity) {
    if (identity == null || identity.isEmpty()) {
      return NONE;
    }
    String[] labels = identity.split("\\.", 3);
    if (labels.length < 3 || labels[0].isEmpty() || labels[1].isEmpty()) {
      return NONE;
    }
    return new ReportedIdentity(labels[1], new Workload("serviceaccount", labels[0]));
  }
}
