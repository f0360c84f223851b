package dev.weft.controlplane.inject;

/** An HTTP answer to {@code POST /inject}: a status and a JSON body. */
record AdmissionAnswer(int status, String body) {}
