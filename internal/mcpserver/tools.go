package mcpserver

import (
	"context"
	"errors"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func (s *Server) addTools() {
	readOnly := &mcp.ToolAnnotations{ReadOnlyHint: true, OpenWorldHint: new(false)}
	mcp.AddTool(s.mcp, &mcp.Tool{Name: "ask", Title: "Ask Amazon Q Business",
		Description: "Ask Amazon Q Business a question as the signed-in user. The answer draws only on documents " +
			"that user may read and cites them. Pass the conversationId of an earlier answer to continue that conversation.",
		Annotations: &mcp.ToolAnnotations{OpenWorldHint: new(false)}}, toolFunc(s, s.ask))
	mcp.AddTool(s.mcp, &mcp.Tool{Name: "search", Title: "Search company documents",
		Description: "Search the documents of the Amazon Q Business application that the signed-in user may read; " +
			"returns each match's title, URL and a relevant passage, best first.",
		Annotations: readOnly}, toolFunc(s, s.search))
	mcp.AddTool(s.mcp, &mcp.Tool{Name: "conversations", Title: "List conversations",
		Description: "List the signed-in user's Amazon Q Business conversations, newest first.",
		Annotations: readOnly}, toolFunc(s, s.conversations))
	mcp.AddTool(s.mcp, &mcp.Tool{Name: "whoami", Title: "Who is signed in",
		Description: "Show who the profile is signed in as (email, identity provider, role) and when the sign-in and AWS credentials expire.",
		Annotations: readOnly}, toolFunc(s, s.whoami))
}

// toolFunc adapts a tool's function to the SDK: a failure becomes an error
// result explained for the person (what to run), never a protocol error.
func toolFunc[In, Out any](s *Server, fn func(context.Context, In) (Out, error)) mcp.ToolHandlerFor[In, Out] {
	return func(ctx context.Context, _ *mcp.CallToolRequest, in In) (*mcp.CallToolResult, Out, error) {
		out, err := fn(ctx, in)
		if err != nil {
			var zero Out
			s.opts.Logger.Debug("tool call failed", "err", err)
			return nil, zero, errors.New(s.opts.Explain(err))
		}
		return nil, out, nil
	}
}

// chat opens the signed-in user's Q Business for one call.
func (s *Server) chat(ctx context.Context) (Chat, error) {
	if s.opts.Open == nil {
		return nil, errNoProfile
	}
	return s.opts.Open(ctx)
}

var errNoProfile = errors.New("the server acts for no profile")
