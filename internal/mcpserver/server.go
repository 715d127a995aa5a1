package mcpserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/qbiz/qbiz/internal/qchat"
)

// Chat is the signed-in user's Q Business, as the tools use it.
type Chat interface {
	Ask(ctx context.Context, q qchat.Question) (*qchat.Answer, error)
	Resume(ctx context.Context, conversationID string) (qchat.Thread, []qchat.Message, error)
	Conversations(ctx context.Context, limit int) ([]qchat.Conversation, error)
	Search(ctx context.Context, query string, limit int) ([]qchat.Hit, error)
}

// Options configure the server.
type Options struct {
	// Version is the server's version as the client sees it.
	Version string
	// Open returns the signed-in user's Q Business for one tool call. It
	// must never start an interactive sign-in.
	Open func(ctx context.Context) (Chat, error)
	// WhoAmI returns who the profile is signed in as.
	WhoAmI func(ctx context.Context) (Identity, error)
	// Explain renders a failure for the assistant and the person behind
	// it: what went wrong and what to do (e.g. the qbiz login to run).
	Explain func(error) string
	// Logger receives the server's diagnostics (never stdout, which
	// carries the protocol).
	Logger *slog.Logger
}

// Server serves the tools over one connection.
type Server struct {
	opts Options
	mcp  *mcp.Server
}

// New returns a server with the qbiz tools.
func New(o Options) *Server {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Explain == nil {
		o.Explain = func(err error) string { return err.Error() }
	}
	s := &Server{opts: o}
	s.mcp = mcp.NewServer(&mcp.Implementation{Name: "qbiz", Title: "Amazon Q Business (qbiz)", Version: o.Version},
		&mcp.ServerOptions{Logger: o.Logger, Instructions: instructions})
	s.addTools()
	return s
}

const instructions = "Answers come from Amazon Q Business as the signed-in user: only documents that user may read. " +
	"Use search to find documents, ask for an answer with citations (pass conversationId to continue), " +
	"conversations to list earlier ones and whoami to see who is signed in. " +
	"When a tool says a sign-in is needed, tell the user the exact command it names; do not retry until they have run it."

// Run serves one client over in and out (stdin and stdout) until the
// client closes the connection or ctx ends.
func (s *Server) Run(ctx context.Context, in io.Reader, out io.Writer) error {
	t := &mcp.IOTransport{Reader: io.NopCloser(in), Writer: nopCloser{out}}
	err := s.mcp.Run(ctx, t)
	if err == nil || errors.Is(err, io.EOF) || errors.Is(err, mcp.ErrConnectionClosed) || ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("mcp server: %w", err)
}

// Connect serves one client over t, for embedding and tests.
func (s *Server) Connect(ctx context.Context, t mcp.Transport) (*mcp.ServerSession, error) {
	return s.mcp.Connect(ctx, t, nil)
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
