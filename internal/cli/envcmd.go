package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/tokencache"
)

func newEnvCmd(env Env) *cobra.Command {
	var f commonFlags
	var format string
	cmd := &cobra.Command{
		Use:   "env",
		Short: "Print the profile's AWS credentials as environment variables",
		Example: `  eval "$(qbiz env --profile work)"
  qbiz env --profile work --format dotenv > .env`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			write, ok := envFormats[format]
			if !ok {
				return usageError{fmt.Errorf("--format %q: want export, dotenv or json", format)}
			}
			a := newApp(env, f)
			p, e, err := a.credentials(cmd.Context())
			if err != nil {
				return explain(a.profile, err)
			}
			return write(env.Stdout, credentialVars(p, e.AWS))
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&format, "format", "export", "output format: export, dotenv or json")
	return cmd
}

// envVar is one NAME=value pair.
type envVar struct{ name, value string }

// credentialVars are the standard AWS variables for the credentials.
func credentialVars(p config.Profile, c tokencache.Credentials) []envVar {
	vs := []envVar{
		{"AWS_ACCESS_KEY_ID", c.AccessKeyID},
		{"AWS_SECRET_ACCESS_KEY", c.SecretAccessKey.Reveal()},
		{"AWS_SESSION_TOKEN", c.SessionToken.Reveal()},
		{"AWS_CREDENTIAL_EXPIRATION", c.Expiration.UTC().Format(time.RFC3339)},
		{"AWS_REGION", p.Region},
	}
	if p.EndpointURL != "" {
		vs = append(vs, envVar{"AWS_ENDPOINT_URL", p.EndpointURL})
	}
	return vs
}

var envFormats = map[string]func(io.Writer, []envVar) error{
	"export": func(w io.Writer, vs []envVar) error { return writeLines(w, vs, "export %s=%s\n", shellQuote) },
	"dotenv": func(w io.Writer, vs []envVar) error { return writeLines(w, vs, "%s=%s\n", dotenvQuote) },
	"json":   writeJSONVars,
}

func writeLines(w io.Writer, vs []envVar, format string, quote func(string) string) error {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, format, v.name, quote(v.value))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeJSONVars(w io.Writer, vs []envVar) error {
	m := make(map[string]string, len(vs))
	for _, v := range vs {
		m[v.name] = v.value
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func dotenvQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
