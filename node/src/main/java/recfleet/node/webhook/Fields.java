package recfleet.node.webhook;

import io.vertx.core.json.JsonObject;

/** Typed reads of a sender's JSON body; a missing or mistyped field is a 400 that names it. */
final class Fields {
  private Fields() {}

  static JsonObject parse(String body) {
    if (body == null || body.isBlank()) throw new WebhookError(400, 4000, "the body is empty; a JSON object is expected");
    try {
      return new JsonObject(body);
    } catch (RuntimeException e) {
      throw new WebhookError(400, 4000, "the body is not a JSON object");
    }
  }

  static String text(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v == null) throw WebhookError.badField(field, "is required");
    if (!(v instanceof String s)) throw WebhookError.badField(field, "must be a string");
    if (s.isBlank()) throw WebhookError.badField(field, "must not be empty");
    if (s.indexOf('\0') >= 0) throw WebhookError.badField(field, "must not contain NUL");
    return s;
  }

  static String optionalText(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v == null) return null;
    if (!(v instanceof String s)) throw WebhookError.badField(field, "must be a string");
    return s;
  }

  static JsonObject object(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v == null) throw WebhookError.badField(field, "is required");
    if (!(v instanceof JsonObject o)) throw WebhookError.badField(field, "must be an object");
    return o;
  }

  static long number(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v == null) throw WebhookError.badField(field, "is required");
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw WebhookError.badField(field, "must be a whole number");
    }
    return n.longValue();
  }
}
