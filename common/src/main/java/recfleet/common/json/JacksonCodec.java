package recfleet.common.json;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * One event-bus codec for every wire type. Locally the (immutable) record is passed as is;
 * across a cluster it travels as JSON, so a master and nodes of one version understand each other.
 */
public final class JacksonCodec<T> implements MessageCodec<T, T> {
  private final Class<T> type;

  private JacksonCodec(Class<T> type) {
    this.type = type;
  }

  public static <T> JacksonCodec<T> of(Class<T> type) {
    return new JacksonCodec<>(type);
  }

  /** Registers the codec as the default for {@code type}; call once per Vert.x instance. */
  public static <T> void register(Vertx vertx, Class<T> type) {
    vertx.eventBus().registerDefaultCodec(type, of(type));
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    byte[] json = Jsons.write(value).getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(json.length).appendBytes(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    String json = buffer.getString(pos + 4, pos + 4 + length, "UTF-8");
    return Jsons.readWire(json, type); // between processes: a newer sender's extra fields are ignored
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return "recfleet-json-" + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
