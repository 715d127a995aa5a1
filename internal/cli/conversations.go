package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/chatui"
	"github.com/qbiz/qbiz/internal/qchat"
)

func newConversationsCmd(env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "conversations",
		Short: "List, show and delete your Q Business conversations",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newConversationsListCmd(env), newConversationsShowCmd(env), newConversationsDeleteCmd(env))
	return cmd
}

// convFlags are the flags of the conversations subcommands.
type convFlags struct {
	common commonFlags
	json   bool
	limit  int
}

func (f *convFlags) register(cmd *cobra.Command) {
	f.common.register(cmd)
	cmd.Flags().BoolVar(&f.json, "json", false, "print JSON")
}

// withClient runs fn with the user's client and profile, rendering
// failures once.
func withClient(ctx context.Context, env Env, f commonFlags, fn func(c *qchat.Client, profile string) error) error {
	a := newApp(env, f)
	c, _, err := a.chatClient(ctx, stderrNotifier(env.Stderr).notify)
	if err != nil {
		return a.chatFailure(err)
	}
	return a.chatFailure(fn(c, a.profile))
}

func newConversationsListCmd(env Env) *cobra.Command {
	var f convFlags
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List your conversations, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withClient(cmd.Context(), env, f.common, func(c *qchat.Client, _ string) error {
				convs, err := c.Conversations(cmd.Context(), f.limit)
				if err != nil {
					return err
				}
				if f.json {
					return writeJSON(env.Stdout, nonNilSlice(convs))
				}
				return writeConversations(env.Stdout, convs)
			})
		},
	}
	f.register(cmd)
	cmd.Flags().IntVar(&f.limit, "limit", 0, "show at most this many (0: all)")
	return cmd
}

func newConversationsShowCmd(env Env) *cobra.Command {
	var f convFlags
	cmd := &cobra.Command{
		Use:   "show CONVERSATION_ID",
		Short: "Show a conversation's messages, oldest first",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withClient(cmd.Context(), env, f.common, func(c *qchat.Client, profile string) error {
				msgs, err := c.Messages(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				if f.json {
					return writeJSON(env.Stdout, nonNilSlice(msgs))
				}
				writeMessages(env.Stdout, msgs, profile, args[0])
				return nil
			})
		},
	}
	f.register(cmd)
	return cmd
}

func newConversationsDeleteCmd(env Env) *cobra.Command {
	var f convFlags
	cmd := &cobra.Command{
		Use:   "delete CONVERSATION_ID",
		Short: "Delete a conversation",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withClient(cmd.Context(), env, f.common, func(c *qchat.Client, _ string) error {
				if err := c.DeleteConversation(cmd.Context(), args[0]); err != nil {
					return err
				}
				if f.json {
					return writeJSON(env.Stdout, map[string]any{"conversationId": args[0], "deleted": true})
				}
				fmt.Fprintf(env.Stdout, "Deleted conversation %s\n", args[0])
				return nil
			})
		},
	}
	f.register(cmd)
	return cmd
}

func writeConversations(w io.Writer, convs []qchat.Conversation) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CONVERSATION ID\tSTARTED\tTITLE")
	for _, c := range convs {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.ID, c.StartTime.UTC().Format(time.RFC3339), chatui.Sanitize(c.Title))
	}
	return tw.Flush()
}

// writeMessages prints a conversation as chat prints it: each answer
// with its sources, ids and the command that rates it.
func writeMessages(w io.Writer, msgs []qchat.Message, profile, conversationID string) {
	for _, m := range msgs {
		if !m.IsSystem() {
			fmt.Fprintf(w, "> %s\n", chatui.Sanitize(m.Body))
			continue
		}
		writeAnswerText(w, &qchat.Answer{Text: m.Body, Sources: m.Sources})
		writeAnswerRef(w, profile, conversationID, m.ID)
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
