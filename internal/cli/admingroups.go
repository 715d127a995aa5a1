package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/groupsync"
)

// groupSyncPace is the least time between two PutGroup or DeleteGroup
// calls of one sync; the SDK's retryer backs off on throttling on top.
const groupSyncPace = 100 * time.Millisecond

// groupSyncAttempts is how many times the SDK tries one call that is
// throttled or fails on AWS's side, backing off between attempts.
const groupSyncAttempts = 8

type groupSyncFlags struct {
	admin                adminFlags
	applicationID, index string
	from, output         string
	apply                bool
	oktaTokenStdin       bool
}

func newAdminGroupsSyncCmd(env Env) *cobra.Command {
	var f groupSyncFlags
	cmd := &cobra.Command{
		Use:   "sync --application-id ID --index-id ID --from scim:URL|okta:ORG_URL|file:PATH [--apply]",
		Short: "Make the index's groups match an identity provider's (dry run unless --apply)",
		Long: "Reads groups and members from a SCIM 2.0 service (bearer token in $" + groupsync.SCIMTokenEnv +
			"), the Okta Groups API (API token in $" + groupsync.OktaTokenEnv + ", else the one --okta-token-stdin kept in the keyring for the org) or a JSON or CSV file, flattens nested groups, " +
			"and compares them with the index's groups. Without --apply it prints the changes; with --apply it calls " +
			"PutGroup and DeleteGroup for the changed groups only. Members are email addresses, as Q Business knows " +
			"IAM-federated users.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := f.check(); err != nil {
				return err
			}
			return runGroupSync(cmd.Context(), env, f)
		},
	}
	f.admin.register(cmd)
	cmd.Flags().StringVar(&f.applicationID, "application-id", "", "Q Business application id")
	cmd.Flags().StringVar(&f.index, "index-id", "", "Q Business index id")
	cmd.Flags().StringVar(&f.from, "from", "", "where the groups come from: scim:URL, okta:ORG_URL or file:PATH")
	cmd.Flags().BoolVar(&f.apply, "apply", false, "make the changes (default: only print them)")
	cmd.Flags().StringVar(&f.output, "output", "text", "text or json")
	cmd.Flags().BoolVar(&f.oktaTokenStdin, "okta-token-stdin", false, "read the Okta API token from standard input and keep it in the keyring for the org")
	return cmd
}

func (f groupSyncFlags) check() error {
	var missing []string
	for _, fl := range [][2]string{{"--application-id", f.applicationID}, {"--index-id", f.index}, {"--from", f.from}} {
		if fl[1] == "" {
			missing = append(missing, fl[0])
		}
	}
	if len(missing) > 0 {
		return usageError{fmt.Errorf("missing %s", strings.Join(missing, ", "))}
	}
	if err := f.target().Check(); err != nil {
		return usageError{err}
	}
	if f.output != "text" && f.output != "json" {
		return usageError{fmt.Errorf("--output %q: want text or json", f.output)}
	}
	return nil
}

func (f groupSyncFlags) target() groupsync.Target {
	return groupsync.Target{ApplicationID: f.applicationID, IndexID: f.index}
}

func runGroupSync(ctx context.Context, env Env, f groupSyncFlags) error {
	a := newApp(env, commonFlags{verbose: f.admin.verbose})
	getenv, err := a.sourceEnv(f.from, f.oktaTokenStdin)
	if err != nil {
		return err
	}
	src, err := groupsync.Open(f.from, getenv, a.http)
	if err != nil {
		return usageError{fmt.Errorf("--from: %w", err)}
	}
	recPath, err := a.groupSyncRecord(f.target())
	if err != nil {
		return err
	}
	cfg, err := a.adminAWSConfig(ctx, f.admin)
	if err != nil {
		return err
	}
	if err := haveCredentials(ctx, cfg); err != nil {
		return err
	}
	q := qbusiness.NewFromConfig(cfg, func(o *qbusiness.Options) { o.RetryMaxAttempts = groupSyncAttempts })
	s := groupSync{q: q, target: f.target(), record: recPath, app: a}
	return s.run(ctx, src, f)
}

// haveCredentials fails early, with advice, when the SDK finds no
// administrator credentials.
func haveCredentials(ctx context.Context, cfg aws.Config) error {
	err := errors.New("no credentials found")
	if cfg.Credentials != nil {
		_, err = cfg.Credentials.Retrieve(ctx)
	}
	if err != nil {
		return withHint(fmt.Errorf("no AWS administrator credentials: %w", err),
			"pass --aws-profile NAME, or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	return nil
}

// groupSyncRecord is where the record of what sync put into t is kept:
// the data directory, as for the token cache.
func (a *app) groupSyncRecord(t groupsync.Target) (string, error) {
	dir := ""
	if x := a.getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
		dir = filepath.Join(x, "qbiz")
	} else if h := a.getenv("HOME"); h != "" {
		dir = filepath.Join(h, ".local", "share", "qbiz")
	} else {
		return "", errors.New("cannot locate the data directory for the sync record: set HOME or XDG_DATA_HOME")
	}
	return groupsync.RecordPath(filepath.Join(dir, "groupsync"), t)
}

type groupSync struct {
	q      groupsync.QBusiness
	target groupsync.Target
	record string
	app    *app
}

func (s groupSync) run(ctx context.Context, src groupsync.Source, f groupSyncFlags) error {
	rec, err := groupsync.LoadRecord(s.record)
	if err != nil {
		return err
	}
	plan, err := groupsync.PlanSync(ctx, src, s.q, s.target, rec, s.app.now())
	if err != nil {
		return explainAWS(fmt.Errorf("plan group sync: %w", err))
	}
	if !f.apply {
		return writeGroupPlan(s.app.env.Stdout, f.output, plan, nil)
	}
	ap := groupsync.Applier{Q: s.q, Target: s.target, Interval: groupSyncPace, Log: s.app.log}
	done, applyErr := ap.Apply(ctx, plan, rec)
	if err := rec.Save(s.record); err != nil {
		return errors.Join(applyErr, err)
	}
	if applyErr != nil {
		return explainAWS(fmt.Errorf("apply group sync (%d put, %d deleted before it stopped; run it again to finish): %w", done.Put, done.Deleted, applyErr))
	}
	return writeGroupPlan(s.app.env.Stdout, f.output, plan, &done)
}

// writeGroupPlan prints the plan, and with done what was applied.
func writeGroupPlan(w io.Writer, output string, p groupsync.Plan, done *groupsync.Counts) error {
	if output == "json" {
		counts := p.Counts()
		if done != nil {
			counts = *done
		}
		return writeJSON(w, map[string]any{"applied": done != nil, "changes": nonNilSlice(p.Changes), "counts": counts})
	}
	for _, ch := range p.Changes {
		writeGroupChange(w, ch)
	}
	c := p.Counts()
	switch {
	case done != nil && done.Put+done.Deleted == 0:
		fmt.Fprintf(w, "Nothing to change: %d groups unchanged.\n", done.Unchanged)
	case done != nil:
		fmt.Fprintf(w, "Applied: %d put, %d deleted, %d unchanged.\n", done.Put, done.Deleted, done.Unchanged)
	default:
		fmt.Fprintf(w, "Plan: %d to put, %d to delete, %d unchanged. Nothing was changed; run again with --apply to make these changes.\n", c.Put, c.Deleted, c.Unchanged)
	}
	return nil
}

func writeGroupChange(w io.Writer, ch groupsync.Change) {
	if ch.Action == groupsync.Unchanged {
		fmt.Fprintf(w, "= %s (unchanged, %d members)\n", ch.Group, len(ch.Members))
		return
	}
	sign := map[groupsync.Action]string{groupsync.Put: "~", groupsync.Delete: "-"}[ch.Action]
	line := fmt.Sprintf("%s %s: %s", sign, ch.Group, ch.Action)
	if ch.Reason != "" {
		line += " (" + ch.Reason + ")"
	}
	fmt.Fprintln(w, line)
	for _, m := range ch.Added {
		fmt.Fprintf(w, "    + %s\n", m)
	}
	for _, m := range ch.Removed {
		fmt.Fprintf(w, "    - %s\n", m)
	}
}
