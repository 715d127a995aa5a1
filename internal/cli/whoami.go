package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

func newWhoamiCmd(env Env) *cobra.Command {
	var f commonFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "whoami",
		Short: "Show who the profile is signed in as and when each layer expires",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a := newApp(env, f)
			_, w, err := a.whoami()
			if err != nil {
				return explain(a.profile, err)
			}
			if asJSON {
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(w)
			}
			return w.writeText(env.Stdout, a.now())
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// whoamiReport is what whoami shows; it holds no secret.
type whoamiReport struct {
	Profile            string        `json:"profile"`
	Mode               identity.Mode `json:"mode"`
	Issuer             string        `json:"issuer"`
	Subject            string        `json:"subject"`
	Email              string        `json:"email,omitempty"`
	Groups             []string      `json:"groups,omitempty"`
	RoleARN            string        `json:"role_arn"`
	IDCUserID          string        `json:"idc_user_id,omitempty"`
	IdPSessionExpires  time.Time     `json:"idp_session_expires,omitzero"`
	IDTokenExpires     time.Time     `json:"id_token_expires,omitzero"`
	Refreshable        bool          `json:"refreshable"`
	SignInDue          time.Time     `json:"sign_in_due,omitzero"`
	AccessKeyID        string        `json:"access_key_id,omitempty"`
	CredentialsExpires time.Time     `json:"aws_credentials_expire,omitzero"`
	// Layers are the ends of each layer of the sign-in, outermost first.
	Layers []layerEnd `json:"layers"`
}

// whoami reads the cache only: it makes no network call. It returns the
// profile it loaded too.
func (a *app) whoami() (config.Profile, whoamiReport, error) {
	p, err := a.loadProfile()
	if err != nil {
		return p, whoamiReport{}, err
	}
	s, err := a.openStore(p)
	if err != nil {
		return p, whoamiReport{}, err
	}
	e, err := a.signIn(p, s).Cached()
	if err != nil {
		return p, whoamiReport{}, err
	}
	return p, report(p, e, a.now()), nil
}

func report(p config.Profile, e tokencache.Entry, now time.Time) whoamiReport {
	role := p.RoleARN
	if p.Mode == identity.ModeIDC {
		role = p.IDCRoleARN
	}
	return whoamiReport{Profile: p.Name, Mode: p.Mode, Issuer: e.Identity.Issuer, Subject: e.Identity.Subject,
		Email: e.Identity.Email, Groups: e.Identity.Groups, RoleARN: role, IDCUserID: e.IDCUserID,
		IdPSessionExpires: e.IdPSessionExpiry, IDTokenExpires: e.IDTokenExpiry,
		Refreshable: !e.RefreshToken.IsZero(), SignInDue: signin.SessionEnd(p, e), AccessKeyID: e.AWS.AccessKeyID,
		CredentialsExpires: e.AWS.Expiration, Layers: layers(p.Mode, e, now)}
}

func (w whoamiReport) writeText(out io.Writer, now time.Time) error {
	var b strings.Builder
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%-28s %s\n", k+":", v)
		}
	}
	row("profile", w.Profile)
	row("mode", string(w.Mode))
	row("issuer", w.Issuer)
	row("subject", w.Subject)
	row("email", w.Email)
	row("groups", strings.Join(w.Groups, ", "))
	row("role", w.RoleARN)
	row("identity center user", w.IDCUserID)
	for _, l := range w.Layers {
		row("end of "+l.Layer, l.text(now))
	}
	row("silent refresh", map[bool]string{true: "yes (refresh token cached)", false: "no"}[w.Refreshable])
	row("new sign-in needed", first(when(w.SignInDue, now), "unknown (the identity provider did not say)"))
	row("aws credentials", w.AccessKeyID)
	_, err := io.WriteString(out, b.String())
	return err
}

func when(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := t.Sub(now).Round(time.Second)
	if d < 0 {
		return fmt.Sprintf("%s (expired %s ago)", t.Local().Format(time.RFC3339), -d)
	}
	return fmt.Sprintf("%s (in %s)", t.Local().Format(time.RFC3339), d)
}
