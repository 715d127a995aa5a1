package qbusiness

import (
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

var originPattern = lazyre.New(`^(http://|https://)[a-zA-Z0-9-_.]+(?::[0-9]{1,5})?$`)

type webExperienceInput struct {
	Title         *string  `json:"title"`
	Subtitle      *string  `json:"subtitle"`
	Welcome       *string  `json:"welcomeMessage"`
	SamplePrompts string   `json:"samplePromptsControlMode"`
	Origins       []string `json:"origins"`
	RoleArn       *string  `json:"roleArn"`
	Tags          []tag    `json:"tags"`
	ClientToken   string   `json:"clientToken"`
}

func (in *webExperienceInput) validate() *wire.Error {
	errs := []*wire.Error{checkEnum("samplePromptsControlMode", in.SamplePrompts, enabled, disabled),
		checkTags(in.Tags), validateClientToken(in.ClientToken)}
	for field, v := range map[string]*string{"title": in.Title, "subtitle": in.Subtitle} {
		if v != nil {
			errs = append(errs, checkLen(field, *v, 0, 500))
		}
	}
	if in.Welcome != nil {
		errs = append(errs, checkLen("welcomeMessage", *in.Welcome, 0, 300))
	}
	if in.RoleArn != nil {
		errs = append(errs, checkARN("roleArn", *in.RoleArn))
	}
	if len(in.Origins) > 10 {
		errs = append(errs, invalidField("origins", "Value at 'origins' failed to satisfy constraint: Member must have length less than or equal to 10"))
	}
	for _, o := range in.Origins {
		errs = append(errs, checkLen("origins.member", o, 1, 256), checkPattern("origins.member", o, originPattern))
	}
	return firstErr(errs...)
}

func (s *Service) createWebExperience(c *call) (any, *wire.Error) {
	var in webExperienceInput
	if e := c.decodeValid(&in); e != nil {
		return nil, e
	}
	var fields map[string]any
	_ = c.decode(&fields)
	for _, k := range []string{"tags", "clientToken"} {
		delete(fields, k)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.app(c.label("applicationId"))
	if e != nil {
		return nil, e
	}
	we := &webExperience{resource: s.newResource(a.ARN + "/web-experience/"), Fields: fields,
		Endpoint: "https://" + strings.ToLower(awsauth.RandomID(8)) + ".chat.qbusiness." + s.opts.Region + ".on.aws/"}
	we.Tags = tagMap(in.Tags)
	a.WebExperiences[we.ID] = we
	return map[string]string{"webExperienceId": we.ID, "webExperienceArn": we.ARN}, nil
}

// updateWebExperience replaces the members the request carries (title,
// role, identity provider configuration, ...) and keeps the others.
func (s *Service) updateWebExperience(c *call) (any, *wire.Error) {
	var in webExperienceInput
	if e := c.decodeValid(&in); e != nil {
		return nil, e
	}
	var fields map[string]any
	_ = c.decode(&fields)
	for _, k := range []string{"tags", "clientToken"} { // not members of the update
		delete(fields, k)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, we, e := webExperienceMember().find(s, c)
	if e != nil {
		return nil, e
	}
	if we.Fields == nil {
		we.Fields = map[string]any{}
	}
	for k, v := range fields {
		we.Fields[k] = v
	}
	we.UpdatedAt = s.now()
	return map[string]any{}, nil
}

func (s *Service) getWebExperience(c *call) (any, *wire.Error) {
	return webExperienceMember().get(s, c, webExperienceView)
}

func webExperienceView(a *application, we *webExperience) any {
	out := map[string]any{}
	for k, v := range we.Fields {
		out[k] = v
	}
	for k, v := range map[string]any{"applicationId": a.ID, "webExperienceId": we.ID, "webExperienceArn": we.ARN,
		"defaultEndpoint": we.Endpoint, "status": active, "createdAt": wire.Epoch(we.CreatedAt), "updatedAt": wire.Epoch(we.UpdatedAt)} {
		out[k] = v
	}
	return out
}

func (s *Service) deleteWebExperience(c *call) (any, *wire.Error) {
	return webExperienceMember().remove(s, c)
}

func (s *Service) listWebExperiences(c *call) (any, *wire.Error) {
	return webExperienceMember().listed(s, c, func(_ *application, we *webExperience) map[string]any {
		return map[string]any{"webExperienceId": we.ID, "defaultEndpoint": we.Endpoint, "status": active,
			"createdAt": wire.Epoch(we.CreatedAt), "updatedAt": wire.Epoch(we.UpdatedAt)}
	})
}
