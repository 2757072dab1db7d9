//! A local, in-memory IntegrationResponse service, written by hand on the generated
//! [`Service`] trait: for trying the API, and for tests, with the AWS CLI, boto3,
//! aws-sdk-rust or the generated client pointed at it (see the README and
//! `src/bin/local-server.rs`). Hand-written: it lives beside the generated crate, not in it.
//!
//! Every API and integration exists implicitly: integration responses live under any
//! (`apiId`, `integrationId`) pair. Keys are unique per integration (409 otherwise);
//! unknown ids give 404 with `resourceType` `IntegrationResponse`. Lists are ordered by
//! creation and paged with an opaque `nextToken`.
#![forbid(unsafe_code)]

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

use integration_response::errors::{
    BadRequestException, ConflictException, CreateIntegrationResponseError,
    DeleteIntegrationResponseError, GetIntegrationResponseError, GetIntegrationResponsesError,
    NotFoundException, UpdateIntegrationResponseError,
};
use integration_response::server::Service;
use integration_response::types::{
    CreateIntegrationResponseRequest, GetIntegrationResponsesRequest,
    GetIntegrationResponsesResponse, IntegrationResponse, IntegrationResponseItemRequest,
    UpdateIntegrationResponseRequest,
};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

/// Page size when `maxResults` is not given.
pub const DEFAULT_PAGE_SIZE: usize = 25;
/// The largest `maxResults` accepted.
pub const MAX_PAGE_SIZE: usize = 100;

/// The in-memory service. Cloning gives another handle to the same store, so a test can
/// serve one clone and inspect the other.
#[derive(Debug, Clone, Default)]
pub struct LocalService {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    integrations: RwLock<HashMap<Parent, Integration>>,
    next_id: AtomicU64,
}

/// (`apiId`, `integrationId`).
type Parent = (String, String);

#[derive(Debug, Default)]
struct Integration {
    /// By id; ids grow with creation, so this is creation order.
    items: BTreeMap<String, IntegrationResponse>,
    /// `integrationResponseKey` -> id.
    keys: HashMap<String, String>,
}

impl LocalService {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every integration response of an integration, in creation order.
    pub fn items(&self, api_id: &str, integration_id: &str) -> Vec<IntegrationResponse> {
        let store = self.read();
        store
            .get(&(api_id.to_string(), integration_id.to_string()))
            .map(|i| i.items.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Creates an integration response.
    pub fn create(
        &self,
        input: CreateIntegrationResponseRequest,
    ) -> Result<IntegrationResponse, CreateIntegrationResponseError> {
        let id = format!("{:08x}", self.inner.next_id.fetch_add(1, Ordering::Relaxed));
        let mut store = self.write();
        let integration = store
            .entry((input.api_id, input.integration_id))
            .or_default();
        if integration
            .keys
            .contains_key(&input.integration_response_key)
        {
            return Err(conflict(&input.integration_response_key).into());
        }
        let item = IntegrationResponse {
            integration_response_id: Some(id.clone()),
            integration_response_key: input.integration_response_key,
            content_handling_strategy: input.content_handling_strategy,
            response_parameters: input.response_parameters,
            response_templates: input.response_templates,
            template_selection_expression: input.template_selection_expression,
        };
        integration
            .keys
            .insert(item.integration_response_key.clone(), id.clone());
        integration.items.insert(id, item.clone());
        Ok(item)
    }

    /// One integration response.
    pub fn get(
        &self,
        input: &IntegrationResponseItemRequest,
    ) -> Result<IntegrationResponse, NotFoundException> {
        let store = self.read();
        store
            .get(&(input.api_id.clone(), input.integration_id.clone()))
            .and_then(|i| i.items.get(&input.integration_response_id))
            .cloned()
            .ok_or_else(|| not_found(&input.integration_response_id))
    }

    /// A page of an integration's responses.
    pub fn list(
        &self,
        input: &GetIntegrationResponsesRequest,
    ) -> Result<GetIntegrationResponsesResponse, BadRequestException> {
        let size = match input.max_results.as_deref() {
            None => DEFAULT_PAGE_SIZE,
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
                .ok_or_else(|| {
                    bad_request(format!(
                        "maxResults must be a number from 1 to {MAX_PAGE_SIZE}"
                    ))
                })?,
        };
        let after = match input.next_token.as_deref() {
            None => None,
            Some(token) => {
                Some(decode_token(token).ok_or_else(|| bad_request("invalid nextToken".into()))?)
            }
        };
        let store = self.read();
        let Some(integration) = store.get(&(input.api_id.clone(), input.integration_id.clone()))
        else {
            return Ok(GetIntegrationResponsesResponse {
                items: Some(Vec::new()),
                next_token: None,
            });
        };
        let range = match &after {
            Some(id) => integration
                .items
                .range::<String, _>((std::ops::Bound::Excluded(id), std::ops::Bound::Unbounded)),
            None => integration.items.range::<String, _>(..),
        };
        let mut items: Vec<IntegrationResponse> =
            range.take(size + 1).map(|(_, v)| v.clone()).collect();
        let next_token = if items.len() > size {
            items.truncate(size);
            items
                .last()
                .and_then(|i| i.integration_response_id.as_deref())
                .map(encode_token)
        } else {
            None
        };
        Ok(GetIntegrationResponsesResponse {
            items: Some(items),
            next_token,
        })
    }

    /// Updates the members that are set; the others keep their values.
    pub fn update(
        &self,
        input: UpdateIntegrationResponseRequest,
    ) -> Result<IntegrationResponse, UpdateIntegrationResponseError> {
        let mut store = self.write();
        let integration = store
            .get_mut(&(input.api_id, input.integration_id))
            .filter(|i| i.items.contains_key(&input.integration_response_id))
            .ok_or_else(|| not_found(&input.integration_response_id))?;
        let id = input.integration_response_id;
        if let Some(key) = &input.integration_response_key {
            if integration.keys.get(key).is_some_and(|owner| *owner != id) {
                return Err(conflict(key).into());
            }
        }
        let item = integration
            .items
            .get_mut(&id)
            .ok_or_else(|| not_found(&id))?;
        if let Some(key) = input.integration_response_key {
            integration.keys.remove(&item.integration_response_key);
            integration.keys.insert(key.clone(), id.clone());
            item.integration_response_key = key;
        }
        if let Some(v) = input.content_handling_strategy {
            item.content_handling_strategy = Some(v);
        }
        if let Some(v) = input.response_parameters {
            item.response_parameters = Some(v);
        }
        if let Some(v) = input.response_templates {
            item.response_templates = Some(v);
        }
        if let Some(v) = input.template_selection_expression {
            item.template_selection_expression = Some(v);
        }
        Ok(item.clone())
    }

    /// Deletes an integration response.
    pub fn delete(&self, input: &IntegrationResponseItemRequest) -> Result<(), NotFoundException> {
        let mut store = self.write();
        let integration = store
            .get_mut(&(input.api_id.clone(), input.integration_id.clone()))
            .ok_or_else(|| not_found(&input.integration_response_id))?;
        let item = integration
            .items
            .remove(&input.integration_response_id)
            .ok_or_else(|| not_found(&input.integration_response_id))?;
        integration.keys.remove(&item.integration_response_key);
        // An emptied integration is forgotten: it exists implicitly anyway, and keeping it
        // would grow the store with every (apiId, integrationId) pair ever used.
        if integration.items.is_empty() {
            store.remove(&(input.api_id.clone(), input.integration_id.clone()));
        }
        Ok(())
    }

    /// How many integrations hold at least one integration response: what the store keeps
    /// besides the items themselves (for tests that check nothing is left behind).
    pub fn len_entries(&self) -> usize {
        self.read().len()
    }

    // A panic while holding the lock cannot leave the maps half-updated (every update
    // checks first and writes after), so a poisoned lock is still consistent.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<Parent, Integration>> {
        self.inner
            .integrations
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<Parent, Integration>> {
        self.inner
            .integrations
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Service for LocalService {
    async fn create_integration_response(
        &self,
        input: CreateIntegrationResponseRequest,
    ) -> Result<IntegrationResponse, CreateIntegrationResponseError> {
        self.create(input)
    }

    async fn get_integration_responses(
        &self,
        input: GetIntegrationResponsesRequest,
    ) -> Result<GetIntegrationResponsesResponse, GetIntegrationResponsesError> {
        Ok(self.list(&input)?)
    }

    async fn get_integration_response(
        &self,
        input: IntegrationResponseItemRequest,
    ) -> Result<IntegrationResponse, GetIntegrationResponseError> {
        Ok(self.get(&input)?)
    }

    async fn update_integration_response(
        &self,
        input: UpdateIntegrationResponseRequest,
    ) -> Result<IntegrationResponse, UpdateIntegrationResponseError> {
        self.update(input)
    }

    async fn delete_integration_response(
        &self,
        input: IntegrationResponseItemRequest,
    ) -> Result<(), DeleteIntegrationResponseError> {
        Ok(self.delete(&input)?)
    }
}

fn not_found(id: &str) -> NotFoundException {
    NotFoundException {
        message: Some(format!(
            "Invalid IntegrationResponse identifier specified {id}"
        )),
        resource_type: Some("IntegrationResponse".to_string()),
        ..Default::default()
    }
}

fn conflict(key: &str) -> ConflictException {
    ConflictException {
        message: Some(format!(
            "An IntegrationResponse with key {key} already exists"
        )),
        ..Default::default()
    }
}

fn bad_request(message: String) -> BadRequestException {
    BadRequestException {
        message: Some(message),
        ..Default::default()
    }
}

/// A page token: the last id of the page, hex-encoded so clients treat it as opaque.
fn encode_token(id: &str) -> String {
    id.bytes().map(|b| format!("{b:02x}")).collect()
}

fn decode_token(token: &str) -> Option<String> {
    if token.is_empty() || token.len() % 2 != 0 || token.len() > 256 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(token.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_garbage_is_refused() {
        assert_eq!(
            decode_token(&encode_token("0000002a")).as_deref(),
            Some("0000002a")
        );
        assert_eq!(decode_token("zz"), None);
        assert_eq!(decode_token("abc"), None);
        assert_eq!(decode_token(""), None);
    }

    fn create_request(api: &str, integration: &str, key: &str) -> CreateIntegrationResponseRequest {
        CreateIntegrationResponseRequest {
            api_id: api.into(),
            integration_id: integration.into(),
            integration_response_key: key.into(),
            content_handling_strategy: None,
            response_parameters: None,
            response_templates: None,
            template_selection_expression: None,
        }
    }

    fn item_request(api: &str, integration: &str, id: &str) -> IntegrationResponseItemRequest {
        IntegrationResponseItemRequest {
            api_id: api.into(),
            integration_id: integration.into(),
            integration_response_id: id.into(),
        }
    }

    /// Deleting the last item of an integration forgets the integration: 20,000 create and
    /// delete cycles under fresh ids leave an empty store (before the fix, every pair ever
    /// used stayed behind with its emptied maps).
    #[test]
    fn create_delete_cycles_under_fresh_ids_leave_nothing_behind() {
        let store = LocalService::new();
        for n in 0..20_000 {
            let (api, integration) = (format!("api{n}"), format!("int{n}"));
            let created = store
                .create(create_request(&api, &integration, "$default"))
                .unwrap();
            let id = created.integration_response_id.unwrap();
            store
                .delete(&item_request(&api, &integration, &id))
                .unwrap();
        }
        assert_eq!(store.len_entries(), 0);
        assert!(store.read().capacity() < 64, "{}", store.read().capacity());
    }

    /// An integration stays while it holds anything, and its keys are free again once it is
    /// forgotten; unknown pairs are not entered by reads or failed deletes.
    #[test]
    fn an_integration_is_kept_while_it_has_items() {
        let store = LocalService::new();
        let a = store.create(create_request("a", "i", "k1")).unwrap();
        let b = store.create(create_request("a", "i", "k2")).unwrap();
        assert!(store.create(create_request("a", "i", "k1")).is_err());
        let id = |r: &IntegrationResponse| r.integration_response_id.clone().unwrap();
        store.delete(&item_request("a", "i", &id(&a))).unwrap();
        assert_eq!(store.len_entries(), 1);
        assert_eq!(store.items("a", "i").len(), 1);
        store.delete(&item_request("a", "i", &id(&b))).unwrap();
        assert_eq!(store.len_entries(), 0);
        assert!(store.delete(&item_request("a", "i", &id(&b))).is_err());
        assert!(store.get(&item_request("x", "y", "z")).is_err());
        assert_eq!(store.len_entries(), 0);
        store.create(create_request("a", "i", "k1")).unwrap();
        assert_eq!(store.len_entries(), 1);
    }
}
