package cli

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// versionString names the build: the module version, the VCS revision it
// was built from (and whether the checkout was modified), and the Go
// release, from the build information the Go toolchain embeds.
func versionString(info *debug.BuildInfo) string {
	if info == nil {
		return "qbiz (unknown version)"
	}
	vcs := map[string]string{}
	for _, s := range info.Settings {
		vcs[s.Key] = s.Value
	}
	rev := []string{"revision " + first(vcs["vcs.revision"], "unknown")}
	if t := vcs["vcs.time"]; t != "" {
		rev = append(rev, t)
	}
	if vcs["vcs.modified"] == "true" {
		rev = append(rev, "modified")
	}
	return fmt.Sprintf("qbiz %s (%s; %s)", first(info.Main.Version, "(devel)"), strings.Join(rev, ", "), info.GoVersion)
}

// buildVersion is versionString of this binary.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	return versionString(info)
}

func newVersionCmd(env Env, version string) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version and VCS revision qbiz was built from",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(env.Stdout, version)
			return err
		},
	}
}
