package dev.tributary.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class OrderDeskTest {
  private final OrderDesk desk = new OrderDesk();

  @Test
  void keepsASensibleClientRequestIdAndReplacesAnythingElseByAUuid() {
    assertThat(OrderDesk.requestId("abc-123_x.y")).isEqualTo("abc-123_x.y");
    assertThat(OrderDesk.requestId(null)).hasSize(36);
    assertThat(OrderDesk.requestId("")).hasSize(36);
    assertThat(OrderDesk.requestId("a\nERROR forged line")).hasSize(36);
    assertThat(OrderDesk.requestId("x".repeat(65))).hasSize(36);
  }

  @Test
  void placesAValidOrderAndRejectsABadForm() {
    OrderDesk.Order order = desk.place("sku=SKU-12345&qty=2");
    assertThat(order.sku()).isEqualTo("SKU-12345");
    assertThat(order.quantity()).isEqualTo(2);
    assertThat(desk.place("qty=1&sku=SKU-54321").orderId()).isNotEqualTo(order.orderId());

    assertThatIllegalArgumentException().isThrownBy(() -> desk.place("sku=SKU-12345"))
        .withMessageContaining("qty");
    assertThatIllegalArgumentException().isThrownBy(() -> desk.place("sku=nope&qty=1"))
        .withMessageContaining("sku");
    assertThatIllegalArgumentException().isThrownBy(() -> desk.place("sku=SKU-12345&qty=0"));
  }

  @Test
  void failsWithACauseForTheUnavailableSku() {
    assertThatIllegalStateException()
        .isThrownBy(() -> desk.place("sku=" + OrdersTraffic.UNAVAILABLE_SKU + "&qty=1"))
        .withCauseInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void greetsByName() {
    assertThat(desk.hello("name=ada")).isEqualTo("hello, ada\n");
    assertThat(desk.hello(null)).isEqualTo("hello, world\n");
  }
}
