package qbusiness

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// Chat modes.
const (
	modeRetrieval = "RETRIEVAL_MODE"
	modeCreator   = "CREATOR_MODE"
	modePlugin    = "PLUGIN_MODE"
)

const maxUserMessage = 7000

// turnInput is one user turn, from ChatSync's body or Chat's events.
type turnInput struct {
	ConversationID, ParentMessageID string
	Text                            string
	Mode                            string
	Attachments                     []attachmentInput
	ClientToken                     string
	Filter                          *attributeFilter
}

// turnResult is the system's reply to a turn.
type turnResult struct {
	ConversationID    string              `json:"conversationId"`
	UserMessageID     string              `json:"userMessageId"`
	SystemMessageID   string              `json:"systemMessageId"`
	Text              string              `json:"text"`
	Attributions      []sourceAttribution `json:"attributions"`
	FailedAttachments []attachmentOutput  `json:"failedAttachments"`
}

type replay struct {
	Digest string      `json:"digest"`
	Result *turnResult `json:"result"`
}

// validate checks what the model and AWS-BEHAVIOUR.md §6.2 require of a turn.
func (t *turnInput) validate() *wire.Error {
	if t.Mode == "" {
		t.Mode = modeRetrieval
	}
	n := utf8.RuneCountInString(t.Text)
	errs := []*wire.Error{checkEnum("chatMode", t.Mode, modeRetrieval, modeCreator, modePlugin),
		checkOptionalID("conversationId", t.ConversationID), checkOptionalID("parentMessageId", t.ParentMessageID),
		validateClientToken(t.ClientToken)}
	if n < 1 || n > maxUserMessage {
		errs = append(errs, invalidField("userMessage", "Value at 'userMessage' failed to satisfy constraint: Member must have length between 1 and %d", maxUserMessage))
	}
	if t.Mode == modePlugin {
		errs = append(errs, invalid("PLUGIN_MODE requires a plugin, and no plugin is configured for this application"))
	}
	if (t.ConversationID == "") != (t.ParentMessageID == "") {
		errs = append(errs, invalid("conversationId and parentMessageId must be provided together to continue a conversation"))
	}
	for i, a := range t.Attachments {
		errs = append(errs, a.validate(i))
	}
	return firstErr(errs...)
}

func (t *turnInput) digest() string {
	h := sha256.New()
	for _, p := range []string{t.ConversationID, t.ParentMessageID, t.Text, t.Mode} {
		h.Write([]byte(p + "\x00"))
	}
	for _, a := range t.Attachments {
		h.Write([]byte(a.Name + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// turnPlan is what the locked preparation hands to the unlocked answer step.
type turnPlan struct {
	app         *application
	user        string
	ix          *index
	attachments []storedAttachment
	replayed    *turnResult
}

// runTurn answers one turn for user in the application c names.
func (s *Service) runTurn(c *call, t *turnInput) (*turnResult, *wire.Error) {
	noteTurn(c, t)
	plan, e := s.prepareTurn(c, t)
	if e != nil || plan.replayed != nil {
		noteResult(c, plan.replayedOrNil())
		return plan.replayedOrNil(), e
	}
	text, attrs := s.answer(plan, t)
	res, e := s.commitTurn(plan, t, text, attrs)
	noteResult(c, res)
	return res, e
}

func (p *turnPlan) replayedOrNil() *turnResult {
	if p == nil {
		return nil
	}
	return p.replayed
}

// prepareTurn checks identity, conversation continuity and attachments.
func (s *Service) prepareTurn(c *call, t *turnInput) (*turnPlan, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.app(c.label("applicationId"))
	if e != nil {
		return nil, e
	}
	user, e := s.endUser(c, a)
	if e != nil {
		return nil, e
	}
	if r, e := a.replayed(user, t); r != nil || e != nil {
		return &turnPlan{replayed: r}, e
	}
	cv, e := continuation(a, user, t)
	if e != nil {
		return nil, e
	}
	att, e := processAttachments(a, user, cv, t.Attachments)
	if e != nil {
		return nil, e
	}
	return &turnPlan{app: a, user: user, ix: a.activeIndex(), attachments: att}, nil
}

// continuation returns the conversation a turn continues (nil for a new one).
func continuation(a *application, user string, t *turnInput) (*conversation, *wire.Error) {
	if t.ConversationID == "" {
		return nil, nil
	}
	cv, e := conversationOf(a, user, t.ConversationID)
	if e != nil {
		return nil, e
	}
	if last := cv.lastSystem(); t.ParentMessageID != last {
		return nil, conflict("MESSAGE", t.ParentMessageID, "parentMessageId %s is not the latest system message of conversation %s.", t.ParentMessageID, cv.ID)
	}
	return cv, nil
}

func (a *application) replayed(user string, t *turnInput) (*turnResult, *wire.Error) {
	if t.ClientToken == "" {
		return nil, nil
	}
	r, ok := a.Replays[user+"\x00"+t.ClientToken]
	if !ok {
		return nil, nil
	}
	if r.Digest != t.digest() {
		return nil, conflict("CLIENT_TOKEN", t.ClientToken, "The clientToken %s was already used with a different request.", t.ClientToken)
	}
	return r.Result, nil
}

// answer produces the reply text and attributions, without holding s.mu.
func (s *Service) answer(p *turnPlan, t *turnInput) (string, []sourceAttribution) {
	if t.Mode == modeCreator {
		return creatorReply(t.Text, p.attachments), nil
	}
	if p.ix == nil {
		return "No retriever is in a valid state.", nil
	}
	opts := retrieval.AnswerOptions{}
	if t.Filter != nil {
		opts.AttributeFilter = t.Filter.match
	}
	ans := p.ix.engine.Answer(t.Text, retrieval.Caller{User: p.user}, p.ix.groupsSet, opts)
	if ans.NoAnswer {
		return ans.Text, nil
	}
	return ans.Text, attributions(ans.Citations)
}

// creatorReply is the generative-style reply of CREATOR_MODE: it uses no
// company documents and cites nothing.
func creatorReply(question string, att []storedAttachment) string {
	q := []rune(strings.TrimSpace(question))
	if len(q) > 200 {
		q = append(q[:200], '…')
	}
	var b strings.Builder
	b.WriteString("Here is a general answer, written without your company's documents. ")
	b.WriteString("You asked: \"" + string(q) + "\". ")
	if names := attachmentNames(att); names != "" {
		b.WriteString("I took your attached files into account: " + names + ". ")
	}
	b.WriteString("Break the problem into small steps, check each assumption, and ask a follow-up question for more detail.")
	return b.String()
}

func attachmentNames(att []storedAttachment) string {
	var names []string
	for _, a := range att {
		if a.out.Status == "SUCCESS" {
			names = append(names, a.out.Name)
		}
	}
	return strings.Join(names, ", ")
}
