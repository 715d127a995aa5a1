package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/provision"
)

// writePlanJSON prints {"changes": [...]}, every change with action,
// type, name and arn.
func writePlanJSON(w io.Writer, changes []provision.Change) error {
	if changes == nil {
		changes = []provision.Change{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Changes []provision.Change `json:"changes"`
	}{changes})
}

var planMarks = map[provision.Action]string{provision.Create: "+", provision.Update: "~", provision.Unchanged: "=", provision.Delete: "-"}

// writePlan prints one line per resource and a count per action.
func writePlan(w io.Writer, changes []provision.Change) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	counts := map[provision.Action]int{}
	for _, c := range changes {
		counts[c.Action]++
		line := fmt.Sprintf("%s %s\t%s\t%s", planMarks[c.Action], c.Action, c.Type, c.Name)
		if c.Reason != "" {
			line += "\t(" + c.Reason + ")"
		}
		fmt.Fprintln(tw, line)
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "%d to create, %d to update, %d unchanged, %d to delete.\n",
		counts[provision.Create], counts[provision.Update], counts[provision.Unchanged], counts[provision.Delete])
}

func pending(changes []provision.Change) int {
	n := 0
	for _, c := range changes {
		if c.Action != provision.Unchanged {
			n++
		}
	}
	return n
}

// reportApply says what changed and prints what the IdP administrator
// must enter.
func (a *app) reportApply(changes []provision.Change, out *provision.Outputs, f provisionFlags) {
	w := a.env.Stdout
	if n := pending(changes); n == 0 {
		fmt.Fprintf(w, "Nothing to change: all %d resources of %s are up to date.\n", len(changes), f.name)
	} else {
		fmt.Fprintf(w, "Applied %d changes to %s.\n", n, f.name)
	}
	callback := strings.TrimSuffix(out.WebEndpoint, "/") + "/authorization-code/callback"
	fmt.Fprintf(w, `
Application id:      %s
Web experience:      %s
Web-experience role: %s

At the IdP (%s), for OIDC client %s:
  sign-in redirect URIs:  %s   (the hosted web experience)
                          http://127.0.0.1/callback   (qbiz login: a loopback port chosen at sign-in)
  ID token audience:      %s
  ID token claim:         https://aws.amazon.com/tags = {"principal_tags": {"Email": ["<the user's email>"]}}
                          (Q Business knows each user by this Email session tag)
`, out.ApplicationID, out.WebEndpoint, out.WebRoleARN, f.issuer, f.clientID, callback, f.clientID)
	if f.writeProfile == "" {
		fmt.Fprintln(w, "\nAdd --write-profile NAME to write a profile for qbiz login.")
	}
}

// writeAdminProfile writes the profile qbiz login uses as is; the client
// secret, when one was given, goes to the token cache, not the file.
func (a *app) writeAdminProfile(f provisionFlags, cfg aws.Config, out *provision.Outputs, secret string) error {
	p := config.Profile{Name: f.writeProfile, Mode: identity.ModeOIDC, Issuer: f.issuer, ClientID: f.clientID,
		RoleARN: out.WebRoleARN, ProviderARN: out.ProviderARN, ApplicationID: out.ApplicationID,
		Region: cfg.Region, EndpointURL: f.endpointURL}
	if err := a.saveProfile(p.WithDefaults(), secret); err != nil {
		return fmt.Errorf("write profile %s: %w", f.writeProfile, err)
	}
	fmt.Fprintf(a.env.Stdout, "\nWrote profile %s. Sign in with: qbiz login --profile %s\n", f.writeProfile, f.writeProfile)
	return nil
}
