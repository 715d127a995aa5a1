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
	"github.com/qbiz/qbiz/internal/samlauth"
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
func (a *app) reportApply(changes []provision.Change, d declared, f provisionFlags) {
	w, out := a.env.Stdout, d.out
	if n := pending(changes); n == 0 {
		fmt.Fprintf(w, "Nothing to change: all %d resources of %s are up to date.\n", len(changes), f.name)
	} else {
		fmt.Fprintf(w, "Applied %d changes to %s.\n", n, f.name)
	}
	switch f.mode {
	case "idc":
		writeIDCInstructions(w, out, f)
	case "saml":
		fmt.Fprintf(w, "\nApplication id:      %s\nWeb experience:      %s\nWeb-experience role: %s\n", out.ApplicationID, out.WebEndpoint, out.WebRoleARN)
		writeSAMLInstructions(w, out, f)
	default:
		fmt.Fprintf(w, "\nApplication id:      %s\nWeb experience:      %s\nWeb-experience role: %s\n", out.ApplicationID, out.WebEndpoint, out.WebRoleARN)
		writeOIDCInstructions(w, out, f)
	}
	if f.writeProfile == "" {
		fmt.Fprintln(w, "\nAdd --write-profile NAME to write a profile for qbiz login.")
	}
}

func writeOIDCInstructions(w io.Writer, out *provision.Outputs, f provisionFlags) {
	callback := strings.TrimSuffix(out.WebEndpoint, "/") + "/authorization-code/callback"
	fmt.Fprintf(w, `
At the IdP (%s), for OIDC client %s:
  sign-in redirect URIs:  %s   (the hosted web experience)
%s  ID token audience:      %s
  ID token claim:         https://aws.amazon.com/tags = {"principal_tags": {"Email": ["<the user's email>"]}}
                          (Q Business knows each user by this Email session tag)
`, f.issuer, f.clientID, callback, loopbackRedirect(f, "/callback"), f.clientID)
}

// loopbackRedirect is the line for qbiz login's redirect URI (or SAML
// ACS): the exact --redirect-uri when given, else the advice for a port
// picked at each sign-in.
func loopbackRedirect(f provisionFlags, path string) string {
	const indent = "                          "
	if f.redirectURI != "" {
		return indent + f.redirectURI + "   (qbiz login: register exactly this, port included)\n"
	}
	return indent + "http://127.0.0.1:PORT" + path + "   (qbiz login)\n" + loopbackAdvice(f.mode, path, f.clientID)
}

// loopbackAdvice says how to register qbiz login's loopback redirect
// when no --redirect-uri fixes it: its port changes at every sign-in, and
// an IdP that compares redirect URIs exactly, port included, refuses it.
func loopbackAdvice(mode, path, clientID string) string {
	fallback := `or allow the device authorization grant for client ` + clientID + `
                          and sign in with qbiz login --device.`
	if mode == "saml" {
		fallback = `or have users sign in through the web experience or
                          qbiz serve's https://HOST/saml/acs.`
	}
	return `                          qbiz login listens on 127.0.0.1 on a port the system picks afresh at every
                          sign-in (RFC 8252 §7.3), so PORT is not known in advance: register
                          http://127.0.0.1` + path + ` only where the IdP accepts any port on a loopback
                          address. An IdP that compares these URLs exactly, port included, refuses
                          every browser sign-in: there, apply again with
                          --redirect-uri http://127.0.0.1:8765` + path + ` (any free port above 1024)
                          and register exactly that URL: qbiz login then listens there (the profile
                          of --write-profile keeps it as qbiz_redirect_uri); ` + fallback + `
`
}

func writeIDCInstructions(w io.Writer, out *provision.Outputs, f provisionFlags) {
	fmt.Fprintf(w, `
Application id:                    %s
Identity Center application:       %s
Role assumed with identity context: %s

At the IdP (%s), for OIDC client %s:
  sign-in redirect URI:
%s  ID token audience:      %s
  ID token claim email:   must equal the user's email in Identity Center exactly (case included)
`, out.ApplicationID, out.IDCApplicationARN, out.IDCRoleARN, f.issuer, f.clientID, loopbackRedirect(f, "/callback"), f.clientID)
}

func writeSAMLInstructions(w io.Writer, out *provision.Outputs, f provisionFlags) {
	fmt.Fprintf(w, `
At the SAML IdP, for the application users sign in to Q Business with:
  where the response is POSTed (Okta: Single sign-on URL / Other Requestable SSO URLs;
  Entra ID: Reply URL):   %[1]s   (the hosted web experience, through AWS sign-in)
%[4]s  Recipient and Audience (Okta: Recipient URL, Audience URI; Entra ID: Identifier):
                          %[1]s   (STS accepts no other)
  NameID format:          persistent
  attributes:             https://aws.amazon.com/SAML/Attributes/Role = %[2]s,%[3]s
                          https://aws.amazon.com/SAML/Attributes/RoleSessionName = the user's email
                          https://aws.amazon.com/SAML/Attributes/PrincipalTag:Email = the user's email
`, provision.AWSSignInSAML, out.WebRoleARN, out.ProviderARN, loopbackRedirect(f, samlauth.ACSPath))
}

// writeAdminProfile writes the profile qbiz login uses as is; the client
// secret, when one was given, goes to the token cache, not the file. Its
// region and endpoint are those the stack was made at: --region and
// --endpoint-url, else the administrator profile's (a sandbox's endpoint_url).
func (a *app) writeAdminProfile(f provisionFlags, d declared, secret string) error {
	p := config.Profile{Name: f.writeProfile, Mode: identity.ModeOIDC, Issuer: f.issuer, ClientID: f.clientID,
		RoleARN: d.out.WebRoleARN, ProviderARN: d.out.ProviderARN, ApplicationID: d.out.ApplicationID,
		Region: d.cfg.Region, EndpointURL: aws.ToString(d.cfg.BaseEndpoint), RedirectURI: f.redirectURI}
	switch f.mode {
	case "idc":
		p.Mode, p.RoleARN, p.ProviderARN = identity.ModeIDC, "", ""
		p.IDCApplicationARN, p.IDCRoleARN, p.IDCSourceProfile = d.out.IDCApplicationARN, d.out.IDCRoleARN, f.awsProfile
	case "saml":
		p.Mode, p.Issuer, p.ClientID = identity.ModeSAML, "", ""
		p.SAMLSSOURL, p.SAMLIdPMetadataURL, p.SAMLEntityID = d.ssoURL, f.samlMetadataURL, f.samlEntityID
	}
	if err := a.saveProfile(p.WithDefaults(), secret); err != nil {
		return fmt.Errorf("write profile %s: %w", f.writeProfile, err)
	}
	fmt.Fprintf(a.env.Stdout, "\nWrote profile %s. Sign in with: qbiz login --profile %s\n", f.writeProfile, f.writeProfile)
	return nil
}
