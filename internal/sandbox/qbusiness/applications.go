package qbusiness

import (
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

func (s *Service) createApplication(c *call) (any, *wire.Error) {
	var in applicationInput
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if in.IdentityType == "" {
		in.IdentityType = identityIDC
	}
	if e := validateCreateApplication(&in); e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.appByClientToken(in.ClientToken); a != nil {
		return map[string]string{"applicationId": a.ID, "applicationArn": a.ARN}, nil
	}
	a := s.newApplication(&in)
	s.apps[a.ID] = a
	return map[string]string{"applicationId": a.ID, "applicationArn": a.ARN}, nil
}

func validateCreateApplication(in *applicationInput) *wire.Error {
	if in.DisplayName == nil {
		return invalidField("displayName", "Value at 'displayName' failed to satisfy constraint: Member must not be null")
	}
	if e := validateApplicationCommon(in); e != nil {
		return e
	}
	if e := checkEnum("identityType", in.IdentityType, identityOIDC, identitySAML, identityIDC, identityQS); e != nil {
		return e
	}
	if e := validateClientToken(in.ClientToken); e != nil {
		return e
	}
	return validateIdentitySetup(in)
}

// validateApplicationCommon checks the members Create and Update share.
func validateApplicationCommon(in *applicationInput) *wire.Error {
	var errs []*wire.Error
	if in.DisplayName != nil {
		errs = append(errs, checkName("displayName", *in.DisplayName))
	}
	if in.RoleArn != nil {
		errs = append(errs, checkARN("roleArn", *in.RoleArn))
	}
	if in.Description != nil {
		errs = append(errs, checkLen("description", *in.Description, 0, 1000))
	}
	if in.IdentityCenterInstanceArn != nil {
		errs = append(errs, checkPattern("identityCenterInstanceArn", *in.IdentityCenterInstanceArn, instPattern))
	}
	errs = append(errs, checkControl("attachmentsConfiguration", in.Attachments, func(m *controlMode) string { return m.AttachmentsControlMode }),
		checkControl("qAppsConfiguration", in.QApps, func(m *controlMode) string { return m.QAppsControlMode }),
		checkControl("personalizationConfiguration", in.Personalization, func(m *controlMode) string { return m.PersonalizationControlMode }),
		checkAutoSubscription(in.AutoSubscription), checkTags(in.Tags))
	return firstErr(errs...)
}

func checkControl(field string, m *controlMode, get func(*controlMode) string) *wire.Error {
	if m == nil {
		return nil
	}
	if get(m) == "" {
		return invalidField(field, "Value at '%s' failed to satisfy constraint: control mode must not be null", field)
	}
	return checkEnum(field, get(m), enabled, disabled)
}

func checkAutoSubscription(a *autoSubscription) *wire.Error {
	if a == nil {
		return nil
	}
	if a.AutoSubscribe == "" {
		return invalidField("autoSubscriptionConfiguration.autoSubscribe", "Value at 'autoSubscriptionConfiguration.autoSubscribe' failed to satisfy constraint: Member must not be null")
	}
	return firstErr(checkEnum("autoSubscriptionConfiguration.autoSubscribe", a.AutoSubscribe, enabled, disabled),
		checkEnum("autoSubscriptionConfiguration.defaultSubscriptionType", a.DefaultSubscriptionType, "Q_LITE", "Q_BUSINESS"))
}

func checkTags(tags []tag) *wire.Error {
	if len(tags) > 200 {
		return invalidField("tags", "Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 200")
	}
	for _, t := range tags {
		if e := firstErr(checkLen("tags.member.key", t.Key, 1, 128), checkLen("tags.member.value", t.Value, 0, 256)); e != nil {
			return e
		}
	}
	return nil
}

func validateClientToken(t string) *wire.Error {
	if t == "" {
		return nil
	}
	return checkLen("clientToken", t, 1, 100)
}

// validateIdentitySetup checks the members each identity type needs.
func validateIdentitySetup(in *applicationInput) *wire.Error {
	idp := in.IAMIdentityProviderArn
	inst := ""
	if in.IdentityCenterInstanceArn != nil {
		inst = *in.IdentityCenterInstanceArn
	}
	switch in.IdentityType {
	case identityIDC:
		if inst == "" {
			return invalid("identityCenterInstanceArn is required for applications with identityType AWS_IAM_IDC")
		}
	case identityOIDC, identitySAML:
		return validateFederation(in.IdentityType, idp, in.ClientIDsForOIDC)
	case identityQS:
		if in.QuickSight == nil || in.QuickSight.ClientNamespace == "" {
			return invalid("quickSightConfiguration is required for applications with identityType AWS_QUICKSIGHT_IDP")
		}
	}
	return nil
}

func validateFederation(kind, idp string, clientIDs []string) *wire.Error {
	if idp == "" {
		return invalid("iamIdentityProviderArn is required for applications with identityType %s", kind)
	}
	if e := firstErr(checkLen("iamIdentityProviderArn", idp, 20, 2048), checkPattern("iamIdentityProviderArn", idp, iamIdPArn)); e != nil {
		return e
	}
	want := ":oidc-provider/"
	if kind == identitySAML {
		want = ":saml-provider/"
	}
	if !strings.Contains(idp, want) {
		return invalid("iamIdentityProviderArn %s is not a%s provider, as identityType %s requires", idp, strings.Trim(want, ":/"), kind)
	}
	if kind == identitySAML && len(clientIDs) > 0 {
		return invalid("clientIdsForOIDC can only be set for applications with identityType AWS_IAM_IDP_OIDC")
	}
	for _, id := range clientIDs {
		if e := firstErr(checkLen("clientIdsForOIDC.member", id, 1, 255), checkPattern("clientIdsForOIDC.member", id, clientIDPattern)); e != nil {
			return e
		}
	}
	return nil
}

func (s *Service) appByClientToken(token string) *application {
	if token == "" {
		return nil
	}
	for _, a := range s.apps {
		if a.ClientToken == token {
			return a
		}
	}
	return nil
}

func (s *Service) newApplication(in *applicationInput) *application {
	a := &application{resource: s.newResource(s.appARN("")), Name: *in.DisplayName, IdentityType: in.IdentityType,
		IAMProviderARN: in.IAMIdentityProviderArn, ClientIDs: in.ClientIDsForOIDC, ClientToken: in.ClientToken,
		Attachments: disabled, AutoSubscribe: disabled,
		Indices: map[string]*index{}, Retrievers: map[string]*retriever{}, WebExperiences: map[string]*webExperience{},
		Conversations: map[string]*conversation{}, Subscribed: map[string]bool{}, Replays: map[string]*replay{}}
	a.Tags = tagMap(in.Tags)
	if in.QuickSight != nil {
		a.QuickSightNamespace = in.QuickSight.ClientNamespace
	}
	if in.Encryption != nil {
		a.KMSKeyID = in.Encryption.KMSKeyID
	}
	applyApplicationUpdate(a, in)
	if a.IdentityType == identityIDC {
		a.IDCApplicationARN = s.idcApplicationARN(a.InstanceARN)
	}
	return a
}

// applyApplicationUpdate copies the updatable members that are set.
func applyApplicationUpdate(a *application, in *applicationInput) {
	if in.DisplayName != nil {
		a.Name = *in.DisplayName
	}
	if in.RoleArn != nil {
		a.RoleARN = *in.RoleArn
	}
	if in.Description != nil {
		a.Description = *in.Description
	}
	if in.IdentityCenterInstanceArn != nil {
		a.InstanceARN = *in.IdentityCenterInstanceArn
	}
	if in.Attachments != nil {
		a.Attachments = in.Attachments.AttachmentsControlMode
	}
	if in.QApps != nil {
		a.QApps = in.QApps.QAppsControlMode
	}
	if in.Personalization != nil {
		a.Personalization = in.Personalization.PersonalizationControlMode
	}
	if in.AutoSubscription != nil {
		a.AutoSubscribe, a.DefaultSubscriptionType = in.AutoSubscription.AutoSubscribe, in.AutoSubscription.DefaultSubscriptionType
	}
}

// idcApplicationARN names the Identity Center application Q Business
// creates for an AWS_IAM_IDC application.
func (s *Service) idcApplicationARN(instanceARN string) string {
	inst := instanceARN[strings.LastIndex(instanceARN, "/")+1:]
	return "arn:aws:sso::" + s.opts.Account + ":application/" + inst + "/apl-" + strings.ToLower(awsauth.RandomID(16))
}

// app returns the application; the caller holds s.mu.
func (s *Service) app(id string) (*application, *wire.Error) {
	a, ok := s.apps[id]
	if !ok {
		return nil, appNotFound(s.opts.Account, id)
	}
	return a, nil
}

func (s *Service) getApplication(c *call) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.app(c.label("applicationId"))
	if e != nil {
		return nil, e
	}
	return applicationView(a), nil
}

func applicationView(a *application) applicationOutput {
	out := applicationOutput{DisplayName: a.Name, ApplicationID: a.ID, ApplicationArn: a.ARN, IdentityType: a.IdentityType,
		IAMIdentityProviderArn: a.IAMProviderARN, IdentityCenterApplicationArn: a.IDCApplicationARN, RoleArn: a.RoleARN,
		Status: active, Description: a.Description, CreatedAt: wire.Epoch(a.CreatedAt), UpdatedAt: wire.Epoch(a.UpdatedAt),
		Attachments: &controlMode{AttachmentsControlMode: a.Attachments}, ClientIDsForOIDC: a.ClientIDs,
		AutoSubscription: &autoSubscription{AutoSubscribe: a.AutoSubscribe, DefaultSubscriptionType: a.DefaultSubscriptionType}}
	if a.KMSKeyID != "" {
		out.Encryption = &encryption{KMSKeyID: a.KMSKeyID}
	}
	if a.QApps != "" {
		out.QApps = &controlMode{QAppsControlMode: a.QApps}
	}
	if a.Personalization != "" {
		out.Personalization = &controlMode{PersonalizationControlMode: a.Personalization}
	}
	if a.QuickSightNamespace != "" {
		out.QuickSight = &quickSight{ClientNamespace: a.QuickSightNamespace}
	}
	return out
}

func (s *Service) updateApplication(c *call) (any, *wire.Error) {
	var in applicationInput
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if e := validateApplicationCommon(&in); e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.app(c.label("applicationId"))
	if e != nil {
		return nil, e
	}
	if in.IdentityCenterInstanceArn != nil && a.IdentityType != identityIDC {
		return nil, invalid("identityCenterInstanceArn can only be set for applications with identityType AWS_IAM_IDC")
	}
	applyApplicationUpdate(a, &in)
	a.UpdatedAt = s.now()
	return nil, nil
}

func (s *Service) deleteApplication(c *call) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := c.label("applicationId")
	if _, e := s.app(id); e != nil {
		return nil, e
	}
	delete(s.apps, id)
	return nil, nil
}

func (s *Service) listApplications(c *call) (any, *wire.Error) {
	size, token, e := pageParams(c.q, 100, 100)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all := sortedBySeq(s.apps, func(a *application) int64 { return a.Seq })
	return listPage(s.pager, "apps", token, size, all, "applications", applicationSummaryOf)
}

func applicationSummaryOf(a *application) applicationSummary {
	var qs *quickSight
	if a.QuickSightNamespace != "" {
		qs = &quickSight{ClientNamespace: a.QuickSightNamespace}
	}
	return applicationSummary{DisplayName: a.Name, ApplicationID: a.ID, CreatedAt: wire.Epoch(a.CreatedAt),
		UpdatedAt: wire.Epoch(a.UpdatedAt), Status: active, IdentityType: a.IdentityType, QuickSight: qs}
}

// listOut builds a List* response with an optional nextToken.
func listOut(member string, items any, next string) map[string]any {
	out := map[string]any{member: items}
	if next != "" {
		out["nextToken"] = next
	}
	return out
}
