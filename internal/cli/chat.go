package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/qchat"
)

// chatFlags are the flags of qbiz chat.
type chatFlags struct {
	common       commonFlags
	message      string
	messageSet   bool // -m was given, even empty
	conversation string
	json         bool
	mode         string
	attach       []string
}

func newChatCmd(env Env) *cobra.Command {
	var f chatFlags
	cmd := &cobra.Command{
		Use:   "chat",
		Short: "Chat with the profile's Q Business application as yourself",
		Long: `Asks Amazon Q Business with your own credentials, so answers come only from
documents you may read. On a terminal it opens an interactive chat; with -m it
answers one question; from a pipe it answers one question per line, in one
conversation. --json prints machine-readable answers.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f.messageSet = cmd.Flags().Changed("message")
			return runChat(cmd.Context(), env, f)
		},
	}
	f.common.register(cmd)
	fl := cmd.Flags()
	fl.StringVarP(&f.message, "message", "m", "", "ask one question and print the answer")
	fl.StringVar(&f.conversation, "conversation", "", "continue the conversation with this id")
	fl.BoolVar(&f.json, "json", false, "print answers as JSON (one object per answer)")
	fl.StringVar(&f.mode, "mode", "retrieval", "retrieval (answers from your documents) or creator (general model)")
	fl.StringArrayVar(&f.attach, "attach", nil, "attach a file to the first question (repeatable; at most 5 files of 10 MB)")
	return cmd
}

func runChat(ctx context.Context, env Env, f chatFlags) error {
	mode, err := chatMode(f.mode)
	if err != nil {
		return err
	}
	var qs *questions // nil: the terminal chat
	if !useTUI(env, f) {
		if qs, err = newQuestions(f, env.Stdin); err != nil {
			return err
		}
	}
	a := newApp(env, f.common)
	atts, err := readAttachments(f.attach)
	if err != nil {
		return a.chatFailure(err)
	}
	notes := stderrNotifier(env.Stderr)
	c, who, err := a.chatClient(ctx, notes.notify)
	if err != nil {
		return a.chatFailure(err)
	}
	s := &chatRun{env: env, client: c, profile: a.profile, user: describeUser(who), json: f.json, notes: notes,
		first: qchat.Question{Mode: mode, Attachments: atts}}
	if err := s.resume(ctx, f.conversation); err != nil {
		return a.chatFailure(err)
	}
	if qs == nil {
		return a.chatFailure(s.interactive(ctx))
	}
	return a.chatFailure(s.answerAll(ctx, qs))
}

func chatMode(s string) (types.ChatMode, error) {
	switch strings.ToLower(s) {
	case "", "retrieval":
		return types.ChatModeRetrievalMode, nil
	case "creator":
		return types.ChatModeCreatorMode, nil
	}
	return "", usageError{fmt.Errorf("--mode %q: want retrieval or creator", s)}
}

// readAttachments reads the files, refusing any over the limits before
// reading it.
func readAttachments(paths []string) ([]types.AttachmentInput, error) {
	if len(paths) > qchat.MaxAttachments {
		return nil, fmt.Errorf("%w: %d files, at most %d", qchat.ErrAttachmentLimit, len(paths), qchat.MaxAttachments)
	}
	var out []types.AttachmentInput
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("attach %s: %w", p, err)
		}
		if err := qchat.CheckAttachmentSize(filepath.Base(p), fi.Size()); err != nil {
			return nil, err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("attach %s: %w", p, err)
		}
		out = append(out, qchat.NewAttachment(filepath.Base(p), data))
	}
	return out, qchat.CheckAttachments(out)
}

// chatRun is one invocation of qbiz chat.
type chatRun struct {
	env    Env
	client *qchat.Client
	json   bool
	notes  *notifier
	thread qchat.Thread
	// first carries the mode and attachments; attachments go with the first question only.
	first   qchat.Question
	history []qchat.Message

	// profile and user say whose chat it is.
	profile, user string
}

func (s *chatRun) resume(ctx context.Context, id string) error {
	if id == "" {
		return nil
	}
	th, msgs, err := s.client.Resume(ctx, id)
	if err != nil {
		return err
	}
	s.thread, s.history = th, msgs
	return nil
}

// answerAll answers the questions in order, in one conversation.
func (s *chatRun) answerAll(ctx context.Context, qs *questions) error {
	for {
		q, ok, err := qs.next()
		if err != nil || !ok {
			return err
		}
		if err := s.answer(ctx, q); err != nil {
			return err
		}
	}
}

// ask sends the next question of the thread.
func (s *chatRun) ask(ctx context.Context, text string, onText func(string)) (*qchat.Answer, error) {
	q := s.thread.Question(text)
	q.Mode, q.Attachments = s.first.Mode, s.first.Attachments
	a, err := s.client.Stream(ctx, q, onText)
	if err != nil {
		return nil, err
	}
	s.first.Attachments = nil
	s.thread.Follow(a)
	return a, nil
}

func (s *chatRun) answer(ctx context.Context, text string) error {
	a, err := s.ask(ctx, text, nil)
	if err != nil {
		return err
	}
	if s.json {
		return writeAnswerJSON(s.env.Stdout, a)
	}
	writeAnswerText(s.env.Stdout, a)
	writeAnswerRef(s.env.Stdout, s.profile, a.ConversationID, a.SystemMessageID)
	return nil
}
