package recfleet.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Jackson, configured once: records in and out, ISO timestamps. Two readers: {@link #MAPPER} refuses
 * unknown fields, for what users send (a typo in a request body is an error they must see);
 * {@link #readWire} ignores them, for what another recfleet process sends (link frames, events on a
 * clustered bus), so a master and a node one version apart keep understanding each other.
 */
public final class Jsons {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  /** Also reads a name this version's enums lack (a newer event type) as the enum's default: the frame still decodes. */
  private static final ObjectMapper WIRE = MAPPER.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);

  private Jsons() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    return read(MAPPER, json, type);
  }

  /** As {@link #read}, ignoring fields this version does not know: for messages between processes. */
  public static <T> T readWire(String json, Class<T> type) {
    return read(WIRE, json, type);
  }

  private static <T> T read(ObjectMapper mapper, String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode " + type.getSimpleName() + ": " + describe(e), e);
    }
  }

  /** Jackson's message without the source excerpt, fit to show a client. */
  public static String describe(Throwable e) {
    Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof JsonProcessingException jpe) {
      return jpe.getOriginalMessage();
    }
    return String.valueOf(cause.getMessage());
  }
}
