package qchat

import (
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// Answer is one system reply with its sources. Its JSON names match
// Message's: messageId, text, sources.
type Answer struct {
	ConversationID  string   `json:"conversationId"`
	SystemMessageID string   `json:"messageId"`
	UserMessageID   string   `json:"userMessageId,omitempty"`
	Text            string   `json:"text"`
	Sources         []Source `json:"sources"`
	// NewConversation is set when a stale conversation was replaced.
	NewConversation bool `json:"newConversation,omitempty"`
	// Streamed reports whether the answer came over the Chat event stream.
	Streamed bool `json:"streamed"`
	// FailedAttachments lists the files Q Business could not use.
	FailedAttachments []FailedAttachment `json:"failedAttachments,omitempty"`
	// ActionReview is set when a plugin action awaits the user's review,
	// which only the web experience can complete.
	ActionReview *ActionReview `json:"actionReview,omitempty"`
}

// FailedAttachment is a file Q Business refused, and why.
type FailedAttachment struct {
	Name  string `json:"name"`
	Error string `json:"error"`
}

// ActionReview names the plugin whose action awaits review.
type ActionReview struct {
	PluginID   string `json:"pluginId"`
	PluginType string `json:"pluginType"`
}

func failedFrom(o *types.AttachmentOutput) FailedAttachment {
	f := FailedAttachment{Name: aws.ToString(o.Name), Error: string(o.Status)}
	if o.Error != nil {
		f.Error = aws.ToString(o.Error.ErrorMessage)
	}
	return f
}

// Source is one cited document.
type Source struct {
	Number    int       `json:"number"`
	Title     string    `json:"title"`
	URL       string    `json:"url,omitempty"`
	Snippet   string    `json:"snippet,omitempty"`
	UpdatedAt time.Time `json:"updatedAt,omitzero"`
	// Offsets are [begin,end) character ranges of the answer this source supports.
	Offsets [][2]int `json:"offsets,omitempty"`
}

func sourcesFrom(attrs []*types.SourceAttribution) []Source {
	out := make([]Source, 0, len(attrs))
	for i, a := range attrs {
		if a == nil {
			continue
		}
		s := Source{Number: i + 1, Title: aws.ToString(a.Title), URL: aws.ToString(a.Url), Snippet: aws.ToString(a.Snippet)}
		if a.CitationNumber != nil {
			s.Number = int(*a.CitationNumber)
		}
		if a.UpdatedAt != nil {
			s.UpdatedAt = *a.UpdatedAt
		}
		for _, seg := range a.TextMessageSegments {
			s.Offsets = append(s.Offsets, [2]int{int(aws.ToInt32(seg.BeginOffset)), int(aws.ToInt32(seg.EndOffset))})
		}
		out = append(out, s)
	}
	return out
}

// Cited returns the answer text with [n] markers after each cited segment.
func (a *Answer) Cited() string {
	type mark struct{ at, n int }
	var marks []mark
	runes := []rune(a.Text)
	for _, s := range a.Sources {
		for _, o := range s.Offsets {
			if o[1] > 0 && o[1] <= len(runes) {
				marks = append(marks, mark{o[1], s.Number})
			}
		}
	}
	var b strings.Builder
	last := 0
	for pos := 0; pos <= len(runes); pos++ {
		for _, m := range marks {
			if m.at == pos {
				b.WriteString(string(runes[last:pos]))
				b.WriteString("[" + itoa(m.n) + "]")
				last = pos
			}
		}
	}
	b.WriteString(string(runes[last:]))
	return b.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
