package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	"github.com/aws/smithy-go"
	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/loopback"
	"github.com/qbiz/qbiz/internal/provision"
)

// provisionFlags declare one stack: its mode, prefix and identity provider,
// and how the command reports and confirms.
type provisionFlags struct {
	adminFlags
	mode, name, issuer, clientID string
	samlMetadataURL              string
	samlMetadataFile             string
	samlEntityID                 string
	idcInstanceARN               string
	redirectURI                  string
	clientSecretStdin, yes       bool
	output, writeProfile         string
	file                         string
}

func (f *provisionFlags) register(cmd *cobra.Command) {
	f.adminFlags.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.mode, "mode", "", "identity mode: oidc, saml or idc")
	fl.StringVar(&f.name, "name", "", "prefix every resource name derives from (letters, digits, - and _)")
	fl.StringVar(&f.issuer, "issuer", "", "oidc, idc: issuer URL of the IdP")
	fl.StringVar(&f.clientID, "client-id", "", "oidc, idc: client id registered at the IdP")
	fl.StringVar(&f.idcInstanceARN, "idc-instance-arn", "", "idc: Identity Center instance (default: the account's only one)")
	fl.StringVar(&f.samlMetadataURL, "saml-metadata-url", "", "saml: URL of the IdP's metadata")
	fl.StringVar(&f.samlMetadataFile, "saml-metadata-file", "", "saml: file holding the IdP's metadata")
	fl.StringVar(&f.samlEntityID, "saml-entity-id", "", "saml: the entity id the IdP knows qbiz by (written into the profile)")
	fl.StringVar(&f.redirectURI, "redirect-uri", "", "the loopback redirect URI (oidc, idc) or ACS URL (saml) qbiz login listens at exactly, e.g. http://127.0.0.1:8765/callback: printed for the IdP to register and written with --write-profile (default: a port picked at each login)")
	fl.StringVar(&f.file, "file", "", "YAML file declaring the stack, keyed by these flags' names (mode, name, issuer, client-id, …); flags given win")
}

// newAdminProvisionCmds are qbiz admin plan, apply, destroy and verify.
func newAdminProvisionCmds(env Env) []*cobra.Command {
	return []*cobra.Command{newAdminPlanCmd(env), newAdminApplyCmd(env), newAdminDestroyCmd(env), newAdminVerifyCmd(env)}
}

func newAdminPlanCmd(env Env) *cobra.Command {
	var f provisionFlags
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Show what apply would create, update or leave unchanged (changes nothing)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := loadStackFile(cmd, f.file); err != nil {
				return err
			}
			return newApp(env, commonFlags{verbose: f.verbose}).adminPlan(cmd.Context(), f)
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&f.clientSecretStdin, "client-secret-stdin", false, "accepted for symmetry with apply; plan reads no secret")
	cmd.Flags().StringVar(&f.output, "output", "text", "text or json")
	return cmd
}

func newAdminApplyCmd(env Env) *cobra.Command {
	var f provisionFlags
	cmd := &cobra.Command{
		Use:   "apply",
		Short: "Create or repair the AWS resources of a Q Business application for qbiz",
		Long: `Looks every resource up by its name (derived from --name) before creating it, so running apply
again changes nothing and an interrupted apply resumes. Everything created carries the tag
qbiz:managed=PREFIX, which destroy goes by. The client secret is read from standard input
(--client-secret-stdin), never from a flag.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := loadStackFile(cmd, f.file); err != nil {
				return err
			}
			return newApp(env, commonFlags{verbose: f.verbose}).adminApply(cmd.Context(), f)
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&f.clientSecretStdin, "client-secret-stdin", false, "read the IdP client secret from standard input (oidc: stored in Secrets Manager; oidc, idc: kept for qbiz login with --write-profile)")
	cmd.Flags().BoolVar(&f.yes, "yes", false, "apply without asking")
	cmd.Flags().StringVar(&f.writeProfile, "write-profile", "", "write an ~/.aws/config profile NAME for qbiz login")
	return cmd
}

func newAdminDestroyCmd(env Env) *cobra.Command {
	var f provisionFlags
	cmd := &cobra.Command{
		Use:   "destroy",
		Short: "Remove, in reverse order, the resources apply created (tagged qbiz:managed=PREFIX)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := loadStackFile(cmd, f.file); err != nil {
				return err
			}
			return newApp(env, commonFlags{verbose: f.verbose}).adminDestroy(cmd.Context(), f)
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&f.yes, "yes", false, "destroy without asking")
	return cmd
}

// check refuses what cannot be provisioned before any AWS call.
func (f provisionFlags) check(needIdP bool) error {
	switch f.mode {
	case "oidc", "saml", "idc":
	case "":
		return usageError{errors.New("--mode is required (oidc, saml or idc)")}
	default:
		return usageError{fmt.Errorf("unknown --mode %q (want oidc, saml or idc)", f.mode)}
	}
	if err := provision.CheckPrefix(f.name); err != nil {
		return usageError{err}
	}
	if f.region != "" && !regionRE.MatchString(f.region) {
		return usageError{fmt.Errorf("unknown --region %q: want an AWS Region code such as us-east-1", f.region)}
	}
	if f.output != "" && f.output != "text" && f.output != "json" {
		return usageError{fmt.Errorf("unknown --output %q (want text or json)", f.output)}
	}
	if f.redirectURI != "" {
		if _, err := loopback.ParseAddress(f.redirectURI); err != nil {
			return usageError{fmt.Errorf("invalid --redirect-uri: %w", err)}
		}
	}
	if f.mode == "saml" {
		return f.checkSAML(needIdP)
	}
	if !needIdP && f.issuer == "" {
		return nil
	}
	if err := provision.CheckIssuer(f.issuer); err != nil {
		return usageError{err}
	}
	if needIdP && f.clientID == "" {
		return usageError{errors.New("--client-id is required: the OIDC client id registered at the IdP")}
	}
	if f.mode == "idc" && f.writeProfile != "" && f.awsProfile == "" {
		return usageError{errors.New("--write-profile with --mode idc needs --aws-profile: the profile whose credentials sign CreateTokenWithIAM at sign-in")}
	}
	return nil
}

func (f provisionFlags) checkSAML(needIdP bool) error {
	if !needIdP {
		return nil
	}
	if (f.samlMetadataURL == "") == (f.samlMetadataFile == "") {
		return usageError{errors.New("--mode saml needs one of --saml-metadata-url or --saml-metadata-file")}
	}
	if f.samlMetadataURL != "" {
		if err := provision.CheckIssuer(f.samlMetadataURL); err != nil {
			return usageError{fmt.Errorf("invalid --saml-metadata-url %q: want the https URL the IdP serves its metadata at", f.samlMetadataURL)}
		}
	}
	if f.clientSecretStdin || f.issuer != "" || f.clientID != "" {
		return usageError{errors.New("--issuer, --client-id and --client-secret-stdin are for --mode oidc")}
	}
	if f.writeProfile != "" && f.samlMetadataURL == "" {
		return usageError{errors.New("--write-profile needs --saml-metadata-url: qbiz login reads the IdP's metadata from it")}
	}
	return nil
}

var regionRE = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$`)

// declared is one stack on the administrator's AWS config.
type declared struct {
	stack provision.Stack
	out   *provision.Outputs
	cfg   aws.Config
	// ssoURL is the SAML IdP's sign-on URL (saml apply only).
	ssoURL string
}

// stack builds the declared stack on the administrator's AWS config.
func (a *app) stack(ctx context.Context, f provisionFlags, secret func() (string, error)) (declared, error) {
	cfg, err := a.adminAWSConfig(ctx, f.adminFlags)
	if err != nil {
		return declared{}, err
	}
	c := provision.Clients{IAM: iam.NewFromConfig(cfg), Secrets: secretsmanager.NewFromConfig(cfg), Q: qbusiness.NewFromConfig(cfg),
		SSO: ssoadmin.NewFromConfig(cfg)}
	poll := provision.DefaultPoll
	poll.Progress = a.env.Stderr
	d := declared{cfg: cfg}
	switch f.mode {
	case "idc":
		d.stack, d.out = provision.IDC(c, provision.IDCInput{Prefix: f.name, Issuer: f.issuer, ClientID: f.clientID,
			InstanceARN: f.idcInstanceARN, Poll: poll})
		return d, nil
	case "oidc":
		d.stack, d.out = provision.OIDC(c, provision.OIDCInput{Prefix: f.name, Issuer: f.issuer, ClientID: f.clientID,
			ClientSecret: secret, Poll: poll})
		return d, nil
	}
	metadata, err := a.samlMetadata(ctx, f)
	if err != nil {
		return declared{}, err
	}
	if metadata != "" {
		if d.ssoURL, err = provision.SSOURL(metadata); err != nil {
			return declared{}, err
		}
	}
	d.stack, d.out, err = provision.SAML(c, provision.SAMLInput{Prefix: f.name, Metadata: metadata, Poll: poll})
	return d, err
}

func (a *app) adminPlan(ctx context.Context, f provisionFlags) error {
	if err := f.check(true); err != nil {
		return err
	}
	d, err := a.stack(ctx, f, nil)
	if err != nil {
		return err
	}
	changes, err := d.stack.Plan(ctx)
	if err != nil {
		return explainAWS(err)
	}
	if f.output == "json" {
		return writePlanJSON(a.env.Stdout, changes)
	}
	writePlan(a.env.Stdout, changes)
	return nil
}

func (a *app) adminApply(ctx context.Context, f provisionFlags) error {
	if err := f.check(true); err != nil {
		return err
	}
	secret, err := a.readClientSecret(f.clientSecretStdin)
	if err != nil {
		return err
	}
	d, err := a.stack(ctx, f, secret.get)
	if err != nil {
		return err
	}
	if f.mode == "oidc" {
		a.warnTagsClaim(ctx, f.issuer, f.clientID)
	}
	plan, err := d.stack.Plan(ctx)
	if err != nil {
		return explainAWS(err)
	}
	if pending(plan) > 0 {
		writePlan(a.env.Stdout, plan)
		if err := a.confirm(f.yes, f.clientSecretStdin, "apply", "Apply these changes?"); err != nil {
			return err
		}
		if plan, err = d.stack.Apply(ctx); err != nil {
			return withHint(explainAWS(err), "run the same apply again to resume: what exists is looked up, not created twice")
		}
	}
	a.reportApply(plan, d, f)
	if f.writeProfile == "" {
		return nil
	}
	return a.writeAdminProfile(f, d, secret.value)
}

func (a *app) adminDestroy(ctx context.Context, f provisionFlags) error {
	if err := f.check(false); err != nil {
		return err
	}
	d, err := a.stack(ctx, f, nil)
	if err != nil {
		return err
	}
	plan, err := d.stack.PlanDestroy(ctx)
	if err != nil {
		return explainAWS(err)
	}
	if len(plan) == 0 {
		fmt.Fprintf(a.env.Stdout, "Nothing to destroy: no resource of %s carries the tag %s=%s.\n", f.name, provision.TagKey, f.name)
		return nil
	}
	writePlan(a.env.Stdout, plan)
	if err := a.confirm(f.yes, false, "destroy", "Destroy these resources?"); err != nil {
		return err
	}
	done, err := d.stack.Destroy(ctx)
	if err != nil {
		return withHint(explainAWS(err), "run the same destroy again to remove the rest")
	}
	fmt.Fprintf(a.env.Stdout, "Destroyed %d resources of %s.\n", len(done), f.name)
	return nil
}

// clientSecret is read from stdin once, when asked for.
type clientSecret struct {
	value string
	set   bool
}

func (c *clientSecret) get() (string, error) {
	if !c.set {
		return "", errors.New("the IdP client secret is needed to create the secret: pass --client-secret-stdin and write it to standard input")
	}
	return c.value, nil
}

func (a *app) readClientSecret(fromStdin bool) (*clientSecret, error) {
	if !fromStdin {
		return &clientSecret{}, nil
	}
	v, err := a.readStdinSecret("client secret", "--client-secret-stdin")
	if err != nil {
		return nil, err
	}
	return &clientSecret{value: v, set: true}, nil
}

// readStdinSecret reads the secret what, given with flag, from standard
// input (at most 4 KiB, surrounding space trimmed); none is a usage error.
func (a *app) readStdinSecret(what, flag string) (string, error) {
	b, err := io.ReadAll(io.LimitReader(a.env.Stdin, 4096))
	if err != nil {
		return "", fmt.Errorf("read %s: %w", what, err)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", usageError{fmt.Errorf("%s: standard input held no %s", flag, what)}
	}
	return v, nil
}

// confirm asks on a terminal unless --yes; with stdin taken or not a
// terminal it refuses rather than proceed unasked.
func (a *app) confirm(yes, stdinTaken bool, what, question string) error {
	if yes {
		return nil
	}
	if stdinTaken || a.env.IsTerminal == nil || !a.env.IsTerminal() {
		return usageError{errors.New("not confirmed: pass --yes to proceed without a prompt")}
	}
	fmt.Fprintf(a.env.Stdout, "%s [y/N] ", question)
	var answer string
	_, _ = fmt.Fscanln(a.env.Stdin, &answer)
	if a := strings.ToLower(answer); a != "y" && a != "yes" {
		return cancelled(what)
	}
	return nil
}

// explainAWS adds advice to an AWS refusal of the administrator's call.
func explainAWS(err error) error {
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound && slices.ContainsFunc(strings.Split(dns.Name, "."), regionRE.MatchString) {
		return withHint(err, fmt.Sprintf("no AWS endpoint is named %s: check --region (Amazon Q Business runs in only some "+
			"Regions, such as us-east-1, us-west-2 and eu-west-1) or --endpoint-url", dns.Name))
	}
	var api smithy.APIError
	if !errors.As(err, &api) {
		return err
	}
	switch api.ErrorCode() {
	case "AccessDenied", "AccessDeniedException":
		return withHint(err, "the administrator credentials lack the permission named above: grant it, or use --aws-profile with credentials that have it")
	case "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch":
		return withHint(err, "the administrator credentials were refused: check --aws-profile or the environment's AWS keys")
	}
	return err
}
