package recfleet.node.ingest.rtmp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMF0, as RTMP commands use it (Adobe's AMF0 specification): numbers, booleans, strings, objects,
 * null, ECMA and strict arrays, dates. Objects read as maps, numbers as doubles, null and undefined
 * as null. Enough for {@code connect}, {@code createStream}, {@code play} and their answers.
 */
public final class Amf0 {
  private static final int NUMBER = 0;
  private static final int BOOLEAN = 1;
  private static final int STRING = 2;
  private static final int OBJECT = 3;
  private static final int NULL = 5;
  private static final int UNDEFINED = 6;
  private static final int ECMA_ARRAY = 8;
  private static final int OBJECT_END = 9;
  private static final int STRICT_ARRAY = 10;
  private static final int DATE = 11;
  private static final int LONG_STRING = 12;

  private Amf0() {}

  /** Every value in the body, in order; a value this reader does not know ends the list there. */
  public static List<Object> decode(byte[] body) {
    ByteBuffer in = ByteBuffer.wrap(body);
    List<Object> values = new ArrayList<>();
    try {
      while (in.hasRemaining()) values.add(value(in));
    } catch (RuntimeException e) {
      // a truncated or unknown value: what came before it is still the command
    }
    return values;
  }

  private static Object value(ByteBuffer in) {
    int type = in.get() & 0xff;
    return switch (type) {
      case NUMBER -> in.getDouble();
      case BOOLEAN -> in.get() != 0;
      case STRING -> string(in, in.getShort() & 0xffff);
      case LONG_STRING -> string(in, in.getInt());
      case OBJECT -> properties(in);
      case ECMA_ARRAY -> {
        in.getInt(); // a count that writers do not always honour; the end marker is the truth
        yield properties(in);
      }
      case STRICT_ARRAY -> {
        int n = in.getInt();
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < n; i++) list.add(value(in));
        yield list;
      }
      case DATE -> {
        double millis = in.getDouble();
        in.getShort(); // time zone, unused by the format's own definition
        yield millis;
      }
      case NULL, UNDEFINED -> null;
      default -> throw new IllegalArgumentException("AMF0 type " + type);
    };
  }

  private static Map<String, Object> properties(ByteBuffer in) {
    Map<String, Object> map = new LinkedHashMap<>();
    while (true) {
      String key = string(in, in.getShort() & 0xffff);
      if (key.isEmpty() && (in.get(in.position()) & 0xff) == OBJECT_END) {
        in.get();
        return map;
      }
      map.put(key, value(in));
    }
  }

  private static String string(ByteBuffer in, int length) {
    byte[] b = new byte[length];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Encodes the values: String, Number, Boolean, Map (as an object) and null. */
  public static byte[] encode(Object... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object v : values) write(out, v);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Object v) {
    if (v == null) {
      out.write(NULL);
    } else if (v instanceof String s) {
      out.write(STRING);
      key(out, s);
    } else if (v instanceof Number n) {
      out.write(NUMBER);
      out.writeBytes(ByteBuffer.allocate(8).putDouble(n.doubleValue()).array());
    } else if (v instanceof Boolean b) {
      out.write(BOOLEAN);
      out.write(b ? 1 : 0);
    } else if (v instanceof Map<?, ?> map) {
      out.write(OBJECT);
      for (var e : map.entrySet()) {
        key(out, String.valueOf(e.getKey()));
        write(out, e.getValue());
      }
      out.writeBytes(new byte[] {0, 0, OBJECT_END});
    } else {
      throw new IllegalArgumentException("no AMF0 form for " + v.getClass().getSimpleName());
    }
  }

  private static void key(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length >> 8);
    out.write(b.length);
    out.writeBytes(b);
  }
}
