package qbusiness

import (
	"sort"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
)

// Application identity types.
const (
	identityOIDC = "AWS_IAM_IDP_OIDC"
	identitySAML = "AWS_IAM_IDP_SAML"
	identityIDC  = "AWS_IAM_IDC"
	identityQS   = "AWS_QUICKSIGHT_IDP"
)

const (
	enabled  = "ENABLED"
	disabled = "DISABLED"
	active   = "ACTIVE"
)

// resource is what every created resource keeps: creation order (the order
// of List*), id, ARN and timestamps.
type resource struct {
	Seq       int64     `json:"seq"`
	ID        string    `json:"id"`
	ARN       string    `json:"arn"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Tags are the tags given at creation, which ListTagsForResource returns.
	Tags map[string]string `json:"tags,omitempty"`
}

// newResource stamps a new resource whose ARN is arnPrefix followed by its id.
func (s *Service) newResource(arnPrefix string) resource {
	now, id := s.now(), newID()
	return resource{Seq: s.nextSeq(), ID: id, ARN: arnPrefix + id, CreatedAt: now, UpdatedAt: now}
}

type application struct {
	resource
	Name                    string   `json:"name"`
	Description             string   `json:"description,omitempty"`
	IdentityType            string   `json:"identity_type"`
	RoleARN                 string   `json:"role_arn,omitempty"`
	IAMProviderARN          string   `json:"iam_provider_arn,omitempty"`
	InstanceARN             string   `json:"instance_arn,omitempty"`
	IDCApplicationARN       string   `json:"idc_application_arn,omitempty"`
	ClientIDs               []string `json:"client_ids,omitempty"`
	KMSKeyID                string   `json:"kms_key_id,omitempty"`
	Attachments             string   `json:"attachments"`
	QApps                   string   `json:"q_apps,omitempty"`
	Personalization         string   `json:"personalization,omitempty"`
	QuickSightNamespace     string   `json:"quicksight_namespace,omitempty"`
	AutoSubscribe           string   `json:"auto_subscribe"`
	DefaultSubscriptionType string   `json:"default_subscription_type,omitempty"`
	ClientToken             string   `json:"client_token,omitempty"`

	Indices        map[string]*index         `json:"indices"`
	Retrievers     map[string]*retriever     `json:"retrievers"`
	WebExperiences map[string]*webExperience `json:"web_experiences"`
	Conversations  map[string]*conversation  `json:"conversations"`
	// Subscribed holds the lower-cased emails of subscribed users.
	Subscribed map[string]bool `json:"subscribed"`
	// Replays maps user + clientToken to a finished ChatSync turn.
	Replays map[string]*replay `json:"replays,omitempty"`
}

type index struct {
	resource
	Name        string                 `json:"name"`
	Description string                 `json:"description,omitempty"`
	Type        string                 `json:"type"`
	Units       int                    `json:"units,omitempty"`
	Docs        map[string]*docRecord  `json:"docs"`
	Groups      map[string]*groupMeta  `json:"groups"`
	DataSources map[string]*dataSource `json:"data_sources"`

	engine    *retrieval.Index
	groupsSet *retrieval.GroupStore
}

// docRecord is what ListDocuments reports and Snapshot keeps.
type docRecord struct {
	Doc       retrieval.Document `json:"doc"`
	Status    string             `json:"status"`
	CreatedAt time.Time          `json:"created_at"`
	UpdatedAt time.Time          `json:"updated_at"`
}

type groupMeta struct {
	Name         string    `json:"name"`
	DataSourceID string    `json:"data_source_id,omitempty"`
	Users        []string  `json:"users,omitempty"`
	Groups       []string  `json:"groups,omitempty"`
	UpdatedAt    time.Time `json:"updated_at"`
}

type retriever struct {
	resource
	Name    string `json:"name"`
	Type    string `json:"type"`
	IndexID string `json:"index_id"`
	RoleARN string `json:"role_arn,omitempty"`
	// Config is the retriever configuration as sent, echoed by GetRetriever.
	Config map[string]any `json:"config"`
}

type webExperience struct {
	resource
	Endpoint string         `json:"endpoint"`
	Fields   map[string]any `json:"fields"`
}

type dataSource struct {
	resource
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	Description string         `json:"description,omitempty"`
	RoleARN     string         `json:"role_arn,omitempty"`
	Schedule    string         `json:"schedule,omitempty"`
	Config      map[string]any `json:"config"`
}

type conversation struct {
	Seq       int64      `json:"seq"`
	ID        string     `json:"id"`
	Owner     string     `json:"owner"` // lower-cased email
	Title     string     `json:"title"`
	StartTime time.Time  `json:"start_time"`
	Messages  []*message `json:"messages"`
}

type message struct {
	ID           string              `json:"id"`
	Type         string              `json:"type"` // USER or SYSTEM
	Body         string              `json:"body"`
	Time         time.Time           `json:"time"`
	Attachments  []attachmentOutput  `json:"attachments,omitempty"`
	Attributions []sourceAttribution `json:"attributions,omitempty"`
	Feedback     *feedback           `json:"feedback,omitempty"`
	// Data keeps attachment bytes (user messages) for copyFrom.
	Data map[string][]byte `json:"data,omitempty"`
}

type feedback struct {
	Usefulness  string    `json:"usefulness,omitempty"`
	Reason      string    `json:"reason,omitempty"`
	Comment     string    `json:"comment,omitempty"`
	SubmittedAt time.Time `json:"submitted_at"`
	CopiedAt    time.Time `json:"copied_at,omitzero"`
}

// lastSystem returns the id of the latest system message.
func (c *conversation) lastSystem() string {
	for i := len(c.Messages) - 1; i >= 0; i-- {
		if c.Messages[i].Type == "SYSTEM" {
			return c.Messages[i].ID
		}
	}
	return ""
}

// attachmentCount counts successful attachments in the conversation.
func (c *conversation) attachmentCount() int {
	n := 0
	for _, m := range c.Messages {
		for _, a := range m.Attachments {
			if a.Status == "SUCCESS" {
				n++
			}
		}
	}
	return n
}

// sortedBySeq returns map values ordered by creation sequence.
func sortedBySeq[T any](m map[string]T, seq func(T) int64) []T {
	out := make([]T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return seq(out[i]) < seq(out[j]) })
	return out
}

func sortRecords(rs []*docRecord) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Doc.ID < rs[j].Doc.ID })
}
