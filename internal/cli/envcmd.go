package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

func newEnvCmd(env Env) *cobra.Command {
	var f commonFlags
	var format string
	cmd := &cobra.Command{
		Use:   "env",
		Short: "Print the profile's AWS credentials as environment variables",
		Long: `Prints the variables qbiz exec sets: the credentials, AWS_REGION and AWS_DEFAULT_REGION,
and AWS_ENDPOINT_URL when the profile has endpoint_url. The export format first unsets the
variables that would override them (AWS_PROFILE, AWS_DEFAULT_PROFILE, container and web
identity credentials, AWS_ENDPOINT_URL_<SERVICE>…); dotenv and json hold the set variables only.`,
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
			return write(env.Stdout, credentialVars(p, e.AWS), environ(env))
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&format, "format", "export", "output format: export, dotenv or json")
	return cmd
}

// envFormats write the variables; environ is the process environment.
var envFormats = map[string]func(w io.Writer, vs []envVar, environ []string) error{
	"export": writeExport,
	"dotenv": func(w io.Writer, vs []envVar, _ []string) error { return writeLines(w, vs, "%s=%s\n", dotenvQuote) },
	"json":   func(w io.Writer, vs []envVar, _ []string) error { return writeJSONVars(w, vs) },
}

// writeExport writes shell lines: first an unset of the variables that
// would override the ones exported, then the exports.
func writeExport(w io.Writer, vs []envVar, environ []string) error {
	if _, err := fmt.Fprintf(w, "unset %s\n", strings.Join(unsetNames(vs, environ), " ")); err != nil {
		return err
	}
	return writeLines(w, vs, "export %s=%s\n", shellQuote)
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
