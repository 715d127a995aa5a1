package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/demo"
)

func newDemoCmd(env Env) *cobra.Command {
	var serve, verbose bool
	var modes []string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Show the whole story on an embedded sandbox: same question, two users, different answers",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sb, err := demo.Run(cmd.Context(), demo.Options{Out: env.Stdout, Logger: newLogger(env, verbose), Modes: modes})
			if err != nil {
				return err
			}
			defer sb.Close()
			if serve {
				fmt.Fprintf(env.Stdout, "\nThe sandbox keeps running at %s (Ctrl-C to stop).\n", sb.URL)
				<-cmd.Context().Done()
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&serve, "serve", false, "keep the sandbox running after the demo")
	cmd.Flags().StringSliceVar(&modes, "mode", nil, "modes to show: oidc, saml, idc (default all)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "log details")
	return cmd
}
