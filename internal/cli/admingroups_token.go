package cli

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/groupsync"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// sourceEnv is the environment the group source reads its token from. An
// okta: source gets the org's API token: read from standard input with
// --okta-token-stdin (and then kept in the keyring for the org), else
// $OKTA_API_TOKEN, else the one the keyring keeps for the org.
func (a *app) sourceEnv(from string, tokenStdin bool) (func(string) string, error) {
	scheme, org, _ := strings.Cut(from, ":")
	if scheme != "okta" {
		if tokenStdin {
			return nil, usageError{errors.New("--okta-token-stdin needs --from okta:ORG_URL")}
		}
		return a.getenv, nil
	}
	if _, err := groupsync.Open(from, a.getenv, nil); err != nil {
		return nil, usageError{fmt.Errorf("--from: %w", err)} // before a token is read or kept
	}
	token, err := a.oktaToken(org, tokenStdin)
	if err != nil {
		return nil, err
	}
	return func(k string) string {
		if k == groupsync.OktaTokenEnv {
			return token
		}
		return a.getenv(k)
	}, nil
}

func (a *app) oktaToken(org string, fromStdin bool) (string, error) {
	if t := a.getenv(groupsync.OktaTokenEnv); t != "" && !fromStdin {
		return t, nil
	}
	name, err := oktaTokenName(org)
	if err != nil {
		return "", usageError{fmt.Errorf("--from okta: %w", err)}
	}
	s, err := a.openStore(config.Profile{})
	if fromStdin {
		return a.storeOktaToken(s, err, name, org)
	}
	if err == nil {
		var t logging.Secret
		if t, err = s.APIToken(name); err == nil {
			return t.Reveal(), nil
		}
	}
	if !errors.Is(err, tokencache.ErrNotFound) {
		a.log.Debug("read the Okta API token from the keyring", "org", org, "err", err)
	}
	return "", withHint(fmt.Errorf("okta: no API token for %s", org),
		"set "+groupsync.OktaTokenEnv+", or keep one in the keyring: write it to standard input with --okta-token-stdin")
}

// storeOktaToken reads the token from standard input and keeps it in the
// keyring s (opened with openErr) under name.
func (a *app) storeOktaToken(s *tokencache.Store, openErr error, name, org string) (string, error) {
	t, err := a.readStdinSecret("Okta API token", "--okta-token-stdin")
	if err != nil {
		return "", err
	}
	if openErr != nil {
		return "", explain("", openErr)
	}
	if err := s.PutAPIToken(name, logging.Secret(t)); err != nil {
		return "", explain("", err)
	}
	fmt.Fprintf(a.env.Stderr, "Kept the Okta API token for %s in the keyring; later syncs of this org read it from there.\n", org)
	return t, nil
}

// oktaTokenName is the keyring name of an Okta org's API token:
// okta-HOST, a port's colon spelled as an underscore.
func oktaTokenName(org string) (string, error) {
	u, err := url.Parse(org)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("%q is not an org URL", org)
	}
	return "okta-" + strings.ReplaceAll(strings.ToLower(u.Host), ":", "_"), nil
}
