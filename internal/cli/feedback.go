package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/qchat"
)

type feedbackFlags struct {
	common       commonFlags
	conversation string
	useful       bool
	notUseful    bool
	reason       string
	comment      string
}

func newFeedbackCmd(env Env) *cobra.Command {
	var f feedbackFlags
	cmd := &cobra.Command{
		Use:   "feedback MESSAGE_ID --conversation ID --useful|--not-useful",
		Short: "Tell Q Business whether an answer was useful",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fb, err := f.feedback()
			if err != nil {
				return err
			}
			return withClient(cmd.Context(), env, f.common, func(c *qchat.Client, _ string) error {
				if err := c.PutFeedback(cmd.Context(), f.conversation, args[0], fb); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "Feedback recorded: answer %s of conversation %s marked %s.\n", args[0], f.conversation, verdict(fb))
				return nil
			})
		},
	}
	f.common.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.conversation, "conversation", "", "the conversation of the message (required)")
	fl.BoolVar(&f.useful, "useful", false, "the answer was useful")
	fl.BoolVar(&f.notUseful, "not-useful", false, "the answer was not useful")
	fl.StringVar(&f.reason, "reason", "", "why: "+strings.ToLower(strings.Join(qchat.FeedbackReasons(), ", ")))
	fl.StringVar(&f.comment, "comment", "", "a comment (at most 1000 characters)")
	return cmd
}

func (f feedbackFlags) feedback() (qchat.Feedback, error) {
	switch {
	case f.conversation == "":
		return qchat.Feedback{}, usageError{errors.New("--conversation is required")}
	case f.useful == f.notUseful:
		return qchat.Feedback{}, usageError{errors.New("give exactly one of --useful and --not-useful")}
	}
	reason := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(f.reason), "-", "_"))
	if reason != "" && !slices.Contains(qchat.FeedbackReasons(), reason) {
		return qchat.Feedback{}, usageError{fmt.Errorf("--reason %q: want one of %s", f.reason, strings.ToLower(strings.Join(qchat.FeedbackReasons(), ", ")))}
	}
	return qchat.Feedback{Useful: f.useful, Reason: reason, Comment: f.comment}, nil
}

// verdict says what the feedback records: "useful", or "not useful
// (not factually correct)".
func verdict(fb qchat.Feedback) string {
	v := "not useful"
	if fb.Useful {
		v = "useful"
	}
	if fb.Reason != "" {
		v += " (" + strings.ToLower(strings.ReplaceAll(fb.Reason, "_", " ")) + ")"
	}
	return v
}
