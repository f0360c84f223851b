package dev.weft.inject;

/** A patch operation that does not fit the document; the message names the operation's path. */
public final class JsonPatchException extends IllegalArgumentException {
  JsonPatchException(String message) {
    super(message);
  }
}
