package dev.tributary.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Plain OkHttp async POSTs: the same request object, enqueued again and again, its dispatcher
 * and connection pool sized for the highest limit it will be given (HTTP/1.1: one connection
 * per request in flight). Two protocols:
 *
 * <ul>
 *   <li>kafka-pixy: {@code POST /topics/<t>/messages?key=<k>&sync}, the record's value as a
 *       {@code text/plain} body, one record per request — what {@code pixy+http} sends;
 *   <li>the Strimzi bridge: {@code POST /topics/<t>} with a v2 binary body of
 *       {@value #BRIDGE_BATCH} records (Tributary's default batch), built once.
 * </ul>
 */
final class RawHttpClient extends RawClient {
  /** Records per bridge request: Tributary's default {@code batchMaxRecords}. */
  static final int BRIDGE_BATCH = 2_000;

  private final OkHttpClient http;
  private final Request request;
  private final int records;

  private RawHttpClient(int maxInFlight, Request request, int records) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(maxInFlight);
    dispatcher.setMaxRequestsPerHost(maxInFlight);
    this.http = new OkHttpClient.Builder().dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(maxInFlight, 1, TimeUnit.MINUTES))
        .callTimeout(60, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS).build();
    this.request = request;
    this.records = records;
  }

  /** One record per request to kafka-pixy's HTTP API at {@code hostPort}, answered after Kafka. */
  static RawHttpClient pixy(String hostPort, String topic, String key, byte[] value,
      int maxInFlight) {
    Request r = new Request.Builder()
        .url("http://" + hostPort + "/topics/" + topic + "/messages?key=" + key + "&sync")
        .post(RequestBody.create(value, MediaType.get("text/plain"))).build();
    return new RawHttpClient(maxInFlight, r, 1);
  }

  /** {@value #BRIDGE_BATCH} records per request to the bridge at {@code hostPort}. */
  static RawHttpClient bridge(String hostPort, String topic, String key, byte[] value,
      int maxInFlight) {
    Base64.Encoder b64 = Base64.getEncoder();
    String one = "{\"key\":\"" + b64.encodeToString(key.getBytes(StandardCharsets.UTF_8))
        + "\",\"value\":\"" + b64.encodeToString(value) + "\"}";
    StringBuilder body = new StringBuilder("{\"records\":[");
    for (int i = 0; i < BRIDGE_BATCH; i++) {
      body.append(i == 0 ? "" : ",").append(one);
    }
    body.append("]}");
    Request r = new Request.Builder().url("http://" + hostPort + "/topics/" + topic)
        .post(RequestBody.create(body.toString().getBytes(StandardCharsets.US_ASCII),
            MediaType.get("application/vnd.kafka.binary.v2+json"))).build();
    return new RawHttpClient(maxInFlight, r, BRIDGE_BATCH);
  }

  @Override
  void send() {
    http.newCall(request).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        done(false, e.toString());
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          // The body is read so the connection goes back to the pool.
          String body = response.body() == null ? "" : response.body().string();
          done(response.isSuccessful(), "HTTP " + response.code() + " " + body);
        } catch (IOException e) {
          done(false, e.toString());
        }
      }
    });
  }

  @Override
  int recordsPerRequest() {
    return records;
  }

  @Override
  void release() {
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
