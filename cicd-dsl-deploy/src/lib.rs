//! The deploy engine of cicd-dsl: CloudFormation does all orchestration, this
//! crate drives it the way the AWS CDK CLI does.
//!
//! - [`load_aws`] builds the SDK clients, for AWS or a local endpoint alike.
//! - [`bootstrap`] deploys the `CicdDslToolkit` stack that owns the asset bucket.
//! - [`deploy`]: publish assets (content-addressed, skipped when present),
//!   upload templates over 51,200 bytes, create a change set, show it, refuse
//!   data loss in stateful resources unless allowed, confirm, execute, stream
//!   events with a progress bar, return the outputs. No change set is left
//!   behind on any path.
//! - [`hotswap`] (`deploy --hotswap`): when only functions' code changes,
//!   UpdateFunctionCode instead of a change set ([`plan_hotswap`] decides).
//! - [`diff`]: template difference plus the change set's replacement verdicts.
//! - [`detect_drift`]: CloudFormation's drift detection, per resource and property.
//! - [`destroy`]: delete after confirmation, listing what is retained.
//! - Recovery: `deploy` continues a failed update rollback, re-creates a
//!   failed first create and removes its own change sets left by an
//!   interrupted deploy; `destroy` retries a failed delete and offers to keep
//!   what still cannot be deleted (each confirmed, `--yes` accepts).
//! - [`push_source`]: upload a pipeline's source zip and find the execution
//!   it started; [`follow_execution`] follows it stage by stage to its end.
//!
//! Every command returns a `Serialize` outcome (for `--output json`) that
//! includes the AWS API calls it made, and reports to the user through a
//! [`Reporter`]. The engine never names the program that runs it: what the
//! user can do next is a [`NextStep`], which that program words with its
//! own spelling of its commands ([`CommandLine`]). Ctrl-C reaches the
//! engine as a [`StopSignal`] the program creates and hands down.
//!
//! # Layers
//!
//! Each module uses only modules of the layers above it (or its own), so
//! the crate reads top to bottom:
//!
//! 1. Values: `status` (CloudFormation's statuses), `stop_signal`,
//!    `call_counter`, `shown_bar`, `reporter`, `template_diff`, `policy_text`, `security`.
//! 2. What went wrong and what to do: `next_step`, then `error`.
//! 3. Talking to AWS: `aws` (clients), `confirm` (asking the user),
//!    `account` (whose credentials these are).
//! 4. Reading and writing single things: `stack_state` (a stack's status,
//!    outputs and template), `s3_object` (one upload or lookup, content
//!    hashes), `template_source`, `change_set`, `safety`, `analysis` (one
//!    analysis of a change, for `diff` and `deploy`), `approval`,
//!    `review_screen`, `events`,
//!    `asset_bucket`, `assets`.
//! 5. Steps of a command: `recover` (getting a stuck stack back),
//!    `interrupt` (cleaning up after Ctrl-C).
//! 6. Commands: `hotswap_plan` then `hotswap`, `diff`, `drift` (shown in `diff`'s layout), `deploy` (which
//!    can check drift first), `destroy`, `push_source`, `pipeline_follow`, then `bootstrap` (a
//!    deploy of the toolkit stack).

mod account;
mod adoption;
mod analysis;
mod approval;
mod asset_bucket;
mod assets;
mod aws;
mod bootstrap;
mod call_counter;
mod call_log;
mod change_set;
mod confirm;
mod deploy;
mod destroy;
mod destroy_plan;
mod diff;
mod drift;
mod drift_check;
mod error;
mod event_line;
mod events;
mod existing_resources;
pub mod exports;
mod hotswap;
mod hotswap_plan;
mod image_push;
mod import_change_set;
mod interrupt;
mod next_step;
mod pipeline_follow;
mod policy_text;
mod profile_check;
mod protection;
mod push_source;
mod recover;
mod rename_hint;
mod reporter;
mod review_screen;
mod s3_object;
mod safety;
mod saved_plan;
mod security;
mod shown_bar;
mod stack_moves;
mod stack_state;
mod stack_view;
pub mod stackset;
mod status;
mod stop_signal;
mod template_diff;
mod template_source;
pub mod verbose;

pub use account::{caller_account, check_account};
pub use adoption::{AdoptedResource, Adoption, AdoptionError, FoundBy};
pub use analysis::{ChangeAnalysis, ChangeCounts, GuardVerdict, ResourceChange, analyze};
pub use approval::RequireApproval;
pub use asset_bucket::{BUCKET_OUTPUT, TOOLKIT_STACK_NAME, asset_bucket_name};
pub use assets::{
    ASSET_MANIFEST_FILE, AssetEntry, AssetManifest, AssetReport, LocalAsset, asset_key,
    assets_for_template, load_asset_manifest, publish_assets,
};
pub use aws::{AwsClients, AwsOptions, DEFAULT_REGION, LocalEndpoint, check_region, load_aws};
pub use bootstrap::{BootstrapOutcome, bootstrap, toolkit_template};
pub use call_counter::ApiCallCounts;
pub use change_set::{ChangeSetKind, ChangeSetOptions, PlannedChange};
pub use confirm::Confirm;
pub use deploy::{DeployOutcome, DeployRequest, DeployStatus, deploy, deploy_adopting};
pub use destroy::{DestroyOptions, DestroyOutcome, KeptResource, destroy, destroy_with};
pub use destroy_plan::{RetainedResource, retained_in_template};
pub use diff::{DiffOutcome, diff};
pub use drift::{DriftReport, NotChecked, PropertyDrift, ResourceDrift, detect_drift, show_drift};
pub use drift_check::{DriftMode, DriftPlan, StaysDrifted};
pub use error::{DeployError, FailedResource, OperationFailure, RefusedChange};
pub use events::{StackEventView, first_failure};
pub use hotswap::{Hotswap, HotswapOutcome, SwappedFunction, hotswap};
pub use hotswap_plan::{CodeSwap, NeedsFullDeploy, plan_hotswap};
pub use image_push::{
    DOCKER_MANIFEST_MEDIA_TYPE, PushedImage, build_manifest, push_image_manifest, source_tag,
};
pub use interrupt::{AfterInterrupt, clean_up_after_interrupt};
pub use next_step::{CommandLine, NextStep, Subcommand, ToolCommand};
pub use pipeline_follow::{ActionProgress, FollowOutcome, follow_execution};
pub use policy_text::Statement;
pub use push_source::{PushSourceOutcome, SourceUpload, push_source};
pub use reporter::{Captured, Progress, Reporter, Style, stderr_wants_color};
pub use s3_object::object_exists;
pub use safety::is_stateful;
pub use saved_plan::{SavedPlan, execute_saved_plan};
pub use security::{
    IngressChange, ManagedPolicyChange, SecurityDiff, SettingChange, Sign, StatementChange,
    security_diff,
};
pub use stack_moves::{MoveError, MovedResource};
pub use stack_view::{StackView, read_stack};
pub use status::Status;
pub use stop_signal::StopSignal;
pub use template_diff::{DiffKind, PropertyDiff, ResourceDiff, TemplateDiff, diff_templates};
pub use template_source::{MAX_INLINE_TEMPLATE_BYTES, MAX_TEMPLATE_BYTES, check_template_size};
