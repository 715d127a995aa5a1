package qbusiness

import (
	"sort"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// userConversation resolves the application, end user and conversation of a
// conversation call; the caller holds s.mu.
func (s *Service) userConversation(c *call, id string) (*application, string, *conversation, *wire.Error) {
	a, user, e := s.userApp(c)
	if e != nil {
		return nil, "", nil, e
	}
	cv, e := conversationOf(a, user, id)
	return a, user, cv, e
}

// userApp resolves the application and end user of a conversation call;
// the caller holds s.mu.
func (s *Service) userApp(c *call) (*application, string, *wire.Error) {
	a, e := s.app(c.label("applicationId"))
	if e != nil {
		return nil, "", e
	}
	user, e := s.endUser(c, a)
	return a, user, e
}

func (s *Service) listConversations(c *call) (any, *wire.Error) {
	size, token, e := pageParams(c.q, 100, 100)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, user, e := s.userApp(c)
	if e != nil {
		return nil, e
	}
	return listPage(s.pager, "conversations:"+a.ID+":"+user, token, size, a.conversationsOf(user), "conversations", func(cv *conversation) map[string]any {
		return map[string]any{"conversationId": cv.ID, "title": cv.Title, "startTime": wire.Epoch(cv.StartTime)}
	})
}

// conversationsOf returns the user's conversations, newest first.
func (a *application) conversationsOf(user string) []*conversation {
	var out []*conversation
	for _, cv := range a.Conversations {
		if cv.Owner == user {
			out = append(out, cv)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq > out[j].Seq })
	return out
}

func (s *Service) listMessages(c *call) (any, *wire.Error) {
	size, token, e := pageParams(c.q, 100, 100)
	if e != nil {
		return nil, e
	}
	id := c.label("conversationId")
	if e := checkID("conversationId", id); e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, user, cv, e := s.userConversation(c, id)
	if e != nil {
		return nil, e
	}
	newest := make([]*message, 0, len(cv.Messages))
	for i := len(cv.Messages) - 1; i >= 0; i-- {
		newest = append(newest, cv.Messages[i])
	}
	return listPage(s.pager, "messages:"+a.ID+":"+cv.ID+":"+user, token, size, newest, "messages", messageView)
}

func messageView(m *message) map[string]any {
	v := map[string]any{"messageId": m.ID, "body": m.Body, "time": wire.Epoch(m.Time), "type": m.Type}
	if len(m.Attachments) > 0 {
		v["attachments"] = m.Attachments
	}
	if m.Type == "SYSTEM" {
		v["sourceAttribution"] = nonNil(m.Attributions)
	}
	return v
}

func (s *Service) deleteConversation(c *call) (any, *wire.Error) {
	id := c.label("conversationId")
	if e := checkID("conversationId", id); e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, _, _, e := s.userConversation(c, id)
	if e != nil {
		return nil, e
	}
	delete(a.Conversations, id)
	return nil, nil
}

type feedbackInput struct {
	MessageCopiedAt *float64 `json:"messageCopiedAt"`
	Usefulness      *struct {
		Usefulness  string   `json:"usefulness"`
		Reason      string   `json:"reason"`
		Comment     *string  `json:"comment"`
		SubmittedAt *float64 `json:"submittedAt"`
	} `json:"messageUsefulness"`
}

var usefulnessReasons = []string{"NOT_FACTUALLY_CORRECT", "HARMFUL_OR_UNSAFE", "INCORRECT_OR_MISSING_SOURCES", "NOT_HELPFUL",
	"FACTUALLY_CORRECT", "COMPLETE", "RELEVANT_SOURCES", "HELPFUL", "NOT_BASED_ON_DOCUMENTS", "NOT_COMPLETE", "NOT_CONCISE", "OTHER"}

func (in *feedbackInput) validate() *wire.Error {
	u := in.Usefulness
	if u == nil {
		return nil
	}
	if u.Usefulness == "" || u.SubmittedAt == nil {
		return invalid("messageUsefulness.usefulness and messageUsefulness.submittedAt are required")
	}
	errs := []*wire.Error{checkEnum("messageUsefulness.usefulness", u.Usefulness, "USEFUL", "NOT_USEFUL"),
		checkEnum("messageUsefulness.reason", u.Reason, usefulnessReasons...)}
	if u.Comment != nil {
		errs = append(errs, checkLen("messageUsefulness.comment", *u.Comment, 0, 1000))
		if *u.Comment != "" {
			errs = append(errs, checkPrintable("messageUsefulness.comment", *u.Comment, 0, 1000))
		}
	}
	return firstErr(errs...)
}

func (s *Service) putFeedback(c *call) (any, *wire.Error) {
	cid, mid := c.label("conversationId"), c.label("messageId")
	if e := firstErr(checkID("conversationId", cid), checkID("messageId", mid)); e != nil {
		return nil, e
	}
	var in feedbackInput
	if e := c.decodeValid(&in); e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _, cv, e := s.userConversation(c, cid)
	if e != nil {
		return nil, e
	}
	m := systemMessage(cv, mid)
	if m == nil {
		return nil, notFound("MESSAGE", mid, "Message %s not found in conversation %s.", mid, cid)
	}
	m.Feedback = in.record(s.now())
	if m.Feedback.Usefulness != "" {
		ledger.SetDetail(c.r.Context(), "usefulness", m.Feedback.Usefulness)
	}
	return nil, nil
}

func systemMessage(cv *conversation, id string) *message {
	for _, m := range cv.Messages {
		if m.ID == id && m.Type == "SYSTEM" {
			return m
		}
	}
	return nil
}

func (in *feedbackInput) record(now time.Time) *feedback {
	f := &feedback{SubmittedAt: now}
	if in.MessageCopiedAt != nil {
		f.CopiedAt = epochTime(*in.MessageCopiedAt)
	}
	if u := in.Usefulness; u != nil {
		f.Usefulness, f.Reason, f.SubmittedAt = u.Usefulness, u.Reason, epochTime(*u.SubmittedAt)
		if u.Comment != nil {
			f.Comment = *u.Comment
		}
	}
	return f
}

func epochTime(f float64) time.Time { return time.UnixMilli(int64(f * 1000)).UTC() }
