package dev.crossrole.server.internal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Query responses: the document sent, and the result's elements kept beside it. */
class XmlResponseTest {
  private static final String NS = "https://iam.amazonaws.com/doc/2010-05-08/";

  @Test
  void finish_nestedElements_documentAndResultAgree() {
    QueryAnswer answer =
        XmlResponse.result("GetUser", NS)
            .open("User")
            .element("UserName", "a&b")
            .open("Tags")
            .open("member")
            .element("Key", "k")
            .close("member")
            .close("Tags")
            .close("User")
            .finish("GetUser", "r-1");

    assertThat(answer.xml())
        .isEqualTo(
            "<GetUserResponse xmlns=\""
                + NS
                + "\"><GetUserResult><User><UserName>a&amp;b"
                + "</UserName><Tags><member><Key>k</Key></member></Tags></User></GetUserResult>"
                + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                + "</GetUserResponse>");
    assertThat(answer.result())
        .containsExactly(
            new XmlNode.Parent(
                "User",
                List.of(
                    new XmlNode.Text("UserName", "a&b"),
                    new XmlNode.Parent(
                        "Tags",
                        List.of(
                            new XmlNode.Parent(
                                "member", List.of(new XmlNode.Text("Key", "k"))))))));
  }

  @Test
  void element_nullText_writesNothing() {
    QueryAnswer answer =
        XmlResponse.result("ListUsers", NS).element("Marker", null).finish("ListUsers", "r");

    assertThat(answer.result()).isEmpty();
    assertThat(answer.xml()).doesNotContain("Marker");
  }

  @Test
  void close_notTheOpenElement_refused() {
    XmlResponse x = XmlResponse.result("GetRole", NS).open("Role");

    assertThatThrownBy(() -> x.close("User"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("closing User where Role is open");
  }

  @Test
  void close_nothingOpen_refused() {
    XmlResponse x = XmlResponse.result("GetRole", NS);

    assertThatThrownBy(() -> x.close("Role"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("closing Role with no element open");
  }

  @Test
  void finish_elementLeftOpen_refused() {
    XmlResponse x = XmlResponse.result("GetRole", NS).open("Role");

    assertThatThrownBy(() -> x.finish("GetRole", "r"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("finishing GetRole with [Role] open");
  }

  @Test
  void toString_secretsInTheDocument_notShown() {
    QueryAnswer answer =
        XmlResponse.result("GetSessionToken", NS)
            .element("SecretAccessKey", "wJalrXUtnFEMI")
            .finish("GetSessionToken", "r");

    assertThat(answer.toString()).doesNotContain("wJalrXUtnFEMI");
    assertThat(answer.result().toString()).doesNotContain("wJalrXUtnFEMI");
  }
}
