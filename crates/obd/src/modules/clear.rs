//! Clearing modules' codes (14 FF FF FF), only with the user's consent.

use serde::{Deserialize, Serialize};

use super::address::ModuleAddress;
use super::link::{Answer, PhysicalRequest, UdsLink, Wait};
use crate::uds::{classify, Nrc, Reply, UdsRequest};
use crate::{ClearConfirmation, ObdError};

/// What one module did with the clear request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleClear {
    /// The module.
    pub address: ModuleAddress,
    /// True when it confirmed (54).
    pub cleared: bool,
    /// Otherwise, why not (its refusal in a mechanic's words, or silence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Sends 14 FF FF FF (every code group) to each module. The modules erase
/// their codes, snapshots and extended data: build `consent` only from an
/// explicit user action, as for OBD-II service 04.
pub async fn clear_module_codes<L: UdsLink>(
    link: &mut L,
    modules: &[ModuleAddress],
    consent: ClearConfirmation,
) -> Result<Vec<ModuleClear>, ObdError> {
    let request = UdsRequest::clear_all(consent);
    let batch: Vec<PhysicalRequest> = modules
        .iter()
        .map(|&module| PhysicalRequest {
            module,
            data: request.bytes().to_vec(),
        })
        .collect();
    let mut out = Vec::new();
    for chunk in batch.chunks(link.max_parallel().max(1)) {
        for (req, answer) in chunk.iter().zip(link.physical(chunk, Wait::Full).await?) {
            out.push(outcome(req.module, &request, &answer));
        }
    }
    link.end_physical().await?;
    Ok(out)
}

fn outcome(address: ModuleAddress, request: &UdsRequest, answer: &Answer) -> ModuleClear {
    let reason = match answer {
        Answer::Reply(r) => match classify(request, r) {
            Reply::Positive(_) => None,
            Reply::Negative(code) => Some(format!(
                "refused: {} (negative response {code:02X})",
                Nrc::meaning_of(code)
            )),
            Reply::Pending | Reply::Unrelated => Some("no clear confirmation".into()),
        },
        Answer::Silent => {
            Some("no answer: the codes may or may not have been erased — scan again".into())
        }
        Answer::StillPending => {
            Some("the module kept saying 'wait': scan again to see what is stored".into())
        }
        Answer::Failed(why) => Some(format!("{why} — scan again to see what is stored")),
    };
    ModuleClear {
        address,
        cleared: reason.is_none(),
        reason,
    }
}
