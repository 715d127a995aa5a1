package cli

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// stackFileKeys are the flags a --file may set: what declares the stack,
// never a secret or a confirmation.
var stackFileKeys = []string{"mode", "name", "region", "endpoint-url", "aws-profile", "issuer", "client-id",
	"saml-metadata-url", "saml-metadata-file", "saml-entity-id", "idc-instance-arn", "redirect-uri"}

// loadStackFile sets, from the YAML file of --file, every flag the command
// line left unset; keys are the flags' names (client-id or client_id).
func loadStackFile(cmd *cobra.Command, path string) error {
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read --file: %w", err)
	}
	var doc map[string]string
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return usageError{fmt.Errorf("--file %s: want a YAML mapping of flag names to values: %w", path, err)}
	}
	var errs []error
	for k, v := range doc {
		name := strings.ReplaceAll(k, "_", "-")
		if !slices.Contains(stackFileKeys, name) || cmd.Flags().Lookup(name) == nil {
			errs = append(errs, fmt.Errorf("--file %s: unknown key %q (known: %s)", path, k, strings.Join(stackFileKeys, ", ")))
			continue
		}
		if cmd.Flags().Changed(name) {
			continue
		}
		if err := cmd.Flags().Set(name, v); err != nil {
			errs = append(errs, fmt.Errorf("--file %s: %s: %w", path, k, err))
		}
	}
	if len(errs) > 0 {
		return usageError{errors.Join(errs...)}
	}
	return nil
}
