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

  /** JSON, or a form ({@code a=1&b=2}, as nginx-rtmp's notify hooks post): each field a string. */
  static JsonObject parseJsonOrForm(String body) {
    if (body == null || body.isBlank() || body.strip().startsWith("{")) return parse(body);
    JsonObject form = new JsonObject();
    for (String pair : body.strip().split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
      form.put(key, value);
    }
    return form;
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
