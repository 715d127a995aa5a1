package api

import (
	"fmt"
	"net/http"
)

// conversations answers GET /api/conversations: the user's conversations,
// newest first, each filed under the user on the way.
func (a *api) conversations(rw *response, r *http.Request, u *User) error {
	mine, err := a.learn(r.Context(), a.client(u), u)
	if err != nil {
		return err
	}
	out := conversationList{Conversations: make([]conversationJSON, 0, len(mine))}
	for _, c := range mine {
		out.Conversations = append(out.Conversations, conversationJSON{ConversationID: c.ID, Title: c.Title, StartTime: c.StartTime})
	}
	return rw.json(http.StatusOK, out)
}

// conversation answers GET /api/conversations/{id}: its messages, oldest
// first.
func (a *api) conversation(rw *response, r *http.Request, u *User) error {
	id, err := a.ownedID(r, u)
	if err != nil {
		return err
	}
	msgs, err := a.client(u).Messages(r.Context(), id)
	if err != nil {
		return fmt.Errorf("messages of %s: %w", id, err)
	}
	out := messageList{Messages: make([]messageJSON, 0, len(msgs))}
	for _, m := range msgs {
		out.Messages = append(out.Messages, messageJSON{MessageID: m.ID, Type: m.Type, Body: m.Body, Time: m.Time, Sources: sources(m.Sources)})
	}
	return rw.json(http.StatusOK, out)
}

// deleteConversation answers DELETE /api/conversations/{id} with 204.
func (a *api) deleteConversation(rw *response, r *http.Request, u *User) error {
	id, err := a.ownedID(r, u)
	if err != nil {
		return err
	}
	if err := a.client(u).DeleteConversation(r.Context(), id); err != nil {
		return fmt.Errorf("delete conversation %s: %w", id, err)
	}
	rw.noContent()
	return nil
}

// ownedID is the {id} of the path when it is one of u's conversations. A
// path segment that cannot be an id (x.css) is no such conversation.
func (a *api) ownedID(r *http.Request, u *User) (string, error) {
	id := r.PathValue("id")
	if !validID(id) {
		return "", errNoSuchID
	}
	return id, a.own(r.Context(), u, id)
}
