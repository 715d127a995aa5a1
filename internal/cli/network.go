package cli

import (
	"context"
	"crypto/x509"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/httpclient"
)

// caBundleEnv names a PEM file of CA certificates that replaces the
// system's trusted roots, for AWS and the identity provider alike.
const caBundleEnv = "AWS_CA_BUNDLE"

// idpTimeout bounds each request to an identity provider.
const idpTimeout = 30 * time.Second

// network is how the commands reach identity providers and AWS: one set
// of trusted roots for every client, settled once by Main. The bundle is
// checked before a command that needs the network runs, and parsed in
// full only when the command first builds a client (a warm
// credential_process answer builds none).
type network struct {
	path string
	pool func() (*x509.CertPool, error)
}

func loadNetwork(getenv func(string) string) *network {
	n := &network{}
	if getenv != nil {
		n.path = getenv(caBundleEnv)
	}
	n.pool = sync.OnceValues(func() (*x509.CertPool, error) { return httpclient.LoadCABundle(n.path) })
	return n
}

// check fails when AWS_CA_BUNDLE names no readable bundle.
func (n *network) check() error {
	if n.path == "" {
		return nil
	}
	if err := httpclient.CheckCABundle(n.path); err != nil {
		return withHint(fmt.Errorf("%s: %w", caBundleEnv, err),
			"point "+caBundleEnv+" at a PEM file of CA certificates, or unset it")
	}
	return nil
}

// opts are the client settings: the bundle's roots, else the system's. A
// bundle that passed check but cannot be loaded now (it changed since)
// trusts nothing rather than the system roots.
func (n *network) opts() httpclient.Options {
	if n.path == "" {
		return httpclient.Options{}
	}
	pool, err := n.pool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	return httpclient.Options{RootCAs: pool}
}

// network is Main's settings; system roots when Main did not run.
func (e Env) network() *network {
	if e.net == nil {
		return loadNetwork(nil)
	}
	return e.net
}

// offlineCommands never reach an IdP or AWS as clients, so an unreadable
// AWS_CA_BUNDLE does not stop them (the sandbox writes the bundle it
// names); nor does it stop a command group, which only prints its help.
var offlineCommands = map[string]bool{
	"qbiz sandbox": true, "qbiz demo": true, "qbiz version": true, "qbiz help": true, "qbiz completion": true,
}

// requireNetwork fails a command that needs the network when the CA
// bundle could not be read, before it starts.
func requireNetwork(env Env) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		if offline(cmd) {
			return nil
		}
		return env.network().check()
	}
}

func offline(cmd *cobra.Command) bool {
	if cmd.HasSubCommands() || offlineCommands[cmd.CommandPath()] {
		return true
	}
	return cmd.HasParent() && cmd.Parent().CommandPath() == "qbiz completion"
}

// idpHTTP is the client for requests to the identity provider and the
// sign-in calls to AWS: Env's, else one trusting the network's roots.
func (a *app) idpHTTP() *http.Client {
	if a.env.HTTPClient != nil {
		return a.env.HTTPClient
	}
	n := a.env.network()
	return &http.Client{Timeout: idpTimeout, Transport: httpclient.Lazy(func() http.RoundTripper {
		return n.opts().IdP(0).Transport
	})}
}

// loadAWSConfig loads the SDK's configuration from the shared files
// (opts name them) on the network's client; Env's client, when set, then
// carries the calls. (The SDK adds the process's AWS_CA_BUNDLE to the
// client it loads with, which it can do only to a client it built.)
func (a *app) loadAWSConfig(ctx context.Context, opts ...func(*awsconfig.LoadOptions) error) (aws.Config, error) {
	opts = append(opts, awsconfig.WithHTTPClient(a.env.network().opts().AWS()))
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err == nil && a.env.HTTPClient != nil {
		cfg.HTTPClient = a.env.HTTPClient
	}
	return cfg, err
}

// qbusinessHTTP is the client for Q Business calls made as the user,
// which the Chat event stream needs to be HTTP/2 (h2c on http://).
func (a *app) qbusinessHTTP(endpoint string) aws.HTTPClient {
	return a.env.network().opts().Stream(endpoint)
}
