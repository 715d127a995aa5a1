package qbusiness

import (
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// commitTurn records the user and system messages. It re-checks
// continuity, since another turn may have finished meanwhile.
func (s *Service) commitTurn(p *turnPlan, t *turnInput, text string, attrs []sourceAttribution) (*turnResult, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[p.app.ID]
	if !ok {
		return nil, appNotFound(s.opts.Account, p.app.ID)
	}
	if r, e := a.replayed(p.user, t); r != nil || e != nil {
		return r, e
	}
	cv, e := continuation(a, p.user, t)
	if e != nil {
		return nil, e
	}
	now := s.now()
	if cv == nil {
		cv = &conversation{Seq: s.nextSeq(), ID: newID(), Owner: p.user, Title: title(t.Text), StartTime: now}
		a.Conversations[cv.ID] = cv
	}
	um := &message{ID: newID(), Type: "USER", Body: t.Text, Time: now}
	res := &turnResult{ConversationID: cv.ID, UserMessageID: um.ID, Text: text, Attributions: attrs, FailedAttachments: []attachmentOutput{}}
	for _, at := range p.attachments {
		at.out.ConversationID = cv.ID
		um.Attachments = append(um.Attachments, at.out)
		if at.out.Status != "SUCCESS" {
			res.FailedAttachments = append(res.FailedAttachments, at.out)
			continue
		}
		if um.Data == nil {
			um.Data = map[string][]byte{}
		}
		um.Data[at.out.AttachmentID] = at.data
	}
	sm := &message{ID: newID(), Type: "SYSTEM", Body: text, Time: now, Attributions: attrs}
	res.SystemMessageID = sm.ID
	cv.Messages = append(cv.Messages, um, sm)
	if t.ClientToken != "" {
		a.Replays[p.user+"\x00"+t.ClientToken] = &replay{Digest: t.digest(), Result: res}
	}
	return res, nil
}

// title derives a conversation title from its first user message.
func title(text string) string {
	r := []rune(text)
	if len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return string(r)
}
