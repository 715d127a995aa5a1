package demo

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"

	"github.com/qbiz/qbiz/internal/qchat"
	"github.com/qbiz/qbiz/internal/sandbox"
)

// Questions every user asks.
var Questions = []string{"What is the project budget?", "When is the launch date?"}

// Options configure a demo run.
type Options struct {
	Out    io.Writer
	Logger *slog.Logger
	// Modes to show, in order; empty means oidc, saml, idc.
	Modes []string
	// Users to sign in; empty means Mary and Mateo.
	Users []string
}

// Run starts a sandbox, signs the users in through each mode and prints
// their answers. It returns the sandbox so callers may keep it running.
func Run(ctx context.Context, opts Options) (*sandbox.Sandbox, error) {
	opts = withDefaults(opts)
	start := time.Now()
	sb, err := sandbox.Start(ctx, sandbox.Options{Addr: "127.0.0.1:0", Scenario: sandbox.ScenarioDemo, Logger: opts.Logger})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(opts.Out, "Sandbox IdP and AWS APIs running at %s (demo world ready in %s)\n", sb.URL, time.Since(start).Round(time.Millisecond))
	w := &world{sb: sb, info: sb.Info(), http: sb.HTTPClient(), out: opts.Out, log: opts.Logger}
	for _, mode := range opts.Modes {
		if err := w.showMode(ctx, mode, opts.Users); err != nil {
			_ = sb.Close()
			return nil, err
		}
	}
	fmt.Fprintf(opts.Out, "\nDone in %s: each person saw only the documents they may read.\n", time.Since(start).Round(time.Millisecond))
	return sb, nil
}

func withDefaults(o Options) Options {
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if len(o.Modes) == 0 {
		o.Modes = []string{"oidc", "saml", "idc"}
	}
	if len(o.Users) == 0 {
		o.Users = []string{"mary_major@example.com", "mateo_jackson@example.com"}
	}
	return o
}

type world struct {
	sb   *sandbox.Sandbox
	info sandbox.Info
	http *http.Client
	out  io.Writer
	log  *slog.Logger
}

var modeTitles = map[string]string{
	"oidc": "IAM federation with OIDC (authorization code + PKCE → AssumeRoleWithWebIdentity)",
	"saml": "IAM federation with SAML (signed assertion → AssumeRoleWithSAML)",
	"idc":  "IAM Identity Center trusted identity propagation (CreateTokenWithIAM → AssumeRole with context)",
}

func (w *world) showMode(ctx context.Context, mode string, users []string) error {
	app, ok := w.info.App(mode)
	if !ok {
		return fmt.Errorf("demo: no %s application in the sandbox", mode)
	}
	fmt.Fprintf(w.out, "\n== %s ==\n", modeTitles[mode])
	for _, u := range users {
		creds, who, err := w.signIn(ctx, mode, app, u)
		if err != nil {
			return fmt.Errorf("demo: %s sign-in as %s: %w", mode, u, err)
		}
		fmt.Fprintf(w.out, "\n%s signed in (%s)\n", u, who)
		if err := w.ask(ctx, app, creds); err != nil {
			return fmt.Errorf("demo: %s chat as %s: %w", mode, u, err)
		}
	}
	return nil
}

func (w *world) password(user string) string {
	u, _ := w.info.User(user)
	return u.Password
}

func (w *world) ask(ctx context.Context, app sandbox.Application, creds aws.CredentialsProvider) error {
	cfg := aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint), HTTPClient: w.http}
	client := qchat.New(qbusiness.NewFromConfig(cfg), app.ApplicationID, creds, qchat.Options{
		SubscriptionWait: 50 * time.Millisecond, Logger: w.log,
		Notify: func(msg string) { fmt.Fprintf(w.out, "  (%s)\n", msg) }})
	var conv qchat.Question
	for _, q := range Questions {
		conv.Text = q
		var streamed strings.Builder
		a, err := client.Stream(ctx, conv, func(chunk string) { streamed.WriteString(chunk) })
		if err != nil {
			return err
		}
		conv.ConversationID, conv.ParentMessageID = a.ConversationID, a.SystemMessageID
		printAnswer(w.out, q, a)
	}
	return nil
}

func printAnswer(out io.Writer, q string, a *qchat.Answer) {
	fmt.Fprintf(out, "  Q: %s\n  A: %s\n", q, a.Cited())
	for _, s := range a.Sources {
		fmt.Fprintf(out, "     [%d] %s  %s\n", s.Number, s.Title, s.URL)
	}
}
