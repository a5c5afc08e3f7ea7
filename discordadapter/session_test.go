package discordadapter

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// With DISCORD_API_URL set, a request that gets no answer is reported with
// the address it went to, not discord.com's: the person reading the log is
// looking for their proxy.
func TestConnectionErrorsNameTheRealBaseURL(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/proxy"
	ln.Close() // nothing answers there now
	s, err := NewSession("token", base)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Client.CloseIdleConnections()
	_, err = s.Gateway()
	if err == nil {
		t.Fatal("a gateway lookup with nothing listening succeeded")
	}
	for name, text := range map[string]string{
		"log":     errorClass(err),
		"refusal": refusal(err, "read the gateway address", "nothing").Error(),
	} {
		if strings.Contains(text, "discord.com") || !strings.Contains(text, `"`+base+`/api/v9/gateway"`) || !strings.Contains(text, "connection refused") {
			t.Errorf("%s: %s", name, text)
		}
	}
	// the cause is still there for errors.Is and As
	var ne *net.OpError
	if !strings.Contains(refusal(err, "x", "y").Error(), "x: Get ") || !errors.As(refusal(err, "x", "y"), &ne) {
		t.Errorf("the network error is lost: %v", refusal(err, "x", "y"))
	}

	// Without DISCORD_API_URL the text is discordgo's, which names Discord.
	plain, err := NewSession("token", "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = plain.Gateway(discordgo.WithContext(ctx))
	if err == nil || !strings.Contains(errorClass(err), discordgo.EndpointGateway) {
		t.Errorf("without a base URL: %v", err)
	}
}
