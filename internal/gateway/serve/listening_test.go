package serve

import (
	"testing"

	"github.com/qbiz/qbiz/internal/config"
)

// A replica behind a load balancer says where it listens (its port may
// have been picked by the kernel) and the public URL browsers use.
func TestListeningLine(t *testing.T) {
	idps := []config.GatewayIdP{{Name: "corp"}, {Name: "saml"}}
	cases := []struct {
		public, addr, want string
	}{
		{"http://127.0.0.1:8000", "127.0.0.1:8000", "http://127.0.0.1:8000 (2 identity providers: corp, saml)"},
		{"https://chat.example.com", "0.0.0.0:8000",
			"http://0.0.0.0:8000 (public URL https://chat.example.com; 2 identity providers: corp, saml)"},
		{"http://127.0.0.1:8000", "127.0.0.1:41234",
			"http://127.0.0.1:41234 (public URL http://127.0.0.1:8000; 2 identity providers: corp, saml)"},
	}
	for _, c := range cases {
		if got := listening(config.Gateway{PublicURL: c.public, IdPs: idps}, c.addr); got != c.want {
			t.Errorf("listening(%s, %s) = %q, want %q", c.public, c.addr, got, c.want)
		}
	}
}
