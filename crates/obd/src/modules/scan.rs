//! The all-module scan, written once over [`UdsLink`].
//!
//! Order of work ([`ScanOrder::Fast`]):
//! 1. J1979 ECU names (09 0A), functionally, while the link is still in OBD-II mode;
//! 2. TesterPresent (3E 00) to every candidate address with a short wait,
//!    as many at once as the link allows — any answer, even a refusal,
//!    means a module is there;
//! 3. identification: as many DIDs per request as fit the link (3 on an
//!    ELM327, all six on J2534), one DID at a time for a module that refuses
//!    several;
//! 4. codes (19 02 FF); a module that wants the extended session (7E/7F) is
//!    switched (10 03) and asked again;
//! 5. snapshots (19 04) and extended data (19 06) of every code present,
//!    stopping at the first "not supported" per module;
//! 6. modules switched to the extended session go back to default (10 01),
//!    and the link back to functional addressing.
//!
//! Every step asks the modules in rounds: one request per module per round,
//! sent together on a link that can ([`UdsLink::max_parallel`]).
//! [`ScanOrder::Naive`] does the same work the obvious way, for comparison:
//! one request at a time with the full wait even for absent modules, the
//! addressing set up again for every request, one DID per request, a
//! default session (10 01) opened first in every module found.

use std::collections::BTreeMap;

use super::address::{candidates, ModuleAddress};
use super::link::{Answer, PhysicalRequest, UdsLink, Wait};
use super::report::{Identification, ModuleCodes, ModuleDtc, ModuleReport, ModuleScan};
use crate::scan::read_ecu_names;
use crate::uds::{
    classify, did_label, parse_dtc_list, parse_extended_data, parse_read_dids, parse_snapshot,
    DidSpec, Nrc, Reply, Session, UdsRequest, ALL_STATUS_BITS,
};
use crate::ObdError;

/// How to go about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ScanOrder {
    /// Batched, several DIDs per request, addressing set up once per module.
    #[default]
    Fast,
    /// One request at a time, addressing set up for each (the benchmark's baseline).
    Naive,
}

/// What to scan.
#[derive(Debug, Clone, Default)]
pub struct ModuleScanOptions {
    /// The order of work.
    pub order: ScanOrder,
    /// The addresses to ask (default: [`candidates`] for the link's protocol).
    pub addresses: Option<Vec<ModuleAddress>>,
}

/// Scans every module: see the module documentation. A lost link ends the
/// scan with its error; everything else is noted per module and the scan goes on.
pub async fn scan_modules<L: UdsLink>(
    link: &mut L,
    options: &ModuleScanOptions,
    mut progress: impl FnMut(&str),
) -> Result<ModuleScan, ObdError> {
    let protocol = link.info().protocol;
    let bits29 = protocol.is_some_and(|p| matches!(p.0, 7 | 9));
    let addresses = options
        .addresses
        .clone()
        .unwrap_or_else(|| candidates(bits29));
    let mut scan = ModuleScan {
        protocol: protocol.map(|p| p.0),
        probed: addresses.len(),
        modules: Vec::new(),
        problems: Vec::new(),
    };
    progress("module names (09 0A)");
    let names = match read_ecu_names(link).await {
        Ok(n) => n,
        Err(e) if e.is_link_lost() => return Err(e),
        Err(e) => {
            scan.problems.push(format!("ECU names (09 0A): {e}"));
            BTreeMap::new()
        }
    };
    let mut s = Scanner {
        link,
        order: options.order,
    };
    progress(&format!(
        "looking for modules at {} addresses",
        addresses.len()
    ));
    let present = s.discover(&addresses, &mut scan.problems).await?;
    scan.modules = present
        .into_iter()
        .map(|a| ModuleReport::new(a, names.get(&a.ecu()).cloned()))
        .collect();
    progress("module identification (22)");
    s.identify(&mut scan.modules).await?;
    progress("module trouble codes (19 02)");
    s.read_codes(&mut scan.modules).await?;
    progress("snapshots and extended data (19 04, 19 06)");
    s.read_details(&mut scan.modules).await?;
    s.finish(&scan.modules).await?;
    Ok(scan)
}

struct Scanner<'a, L> {
    link: &'a mut L,
    order: ScanOrder,
}

impl<L: UdsLink> Scanner<'_, L> {
    /// Sends every request, in rounds the link can take at once.
    async fn ask(
        &mut self,
        requests: Vec<PhysicalRequest>,
        wait: Wait,
    ) -> Result<Vec<Answer>, ObdError> {
        let per_round = match self.order {
            ScanOrder::Fast => self.link.max_parallel().max(1),
            ScanOrder::Naive => 1,
        };
        let mut out = Vec::with_capacity(requests.len());
        for chunk in requests.chunks(per_round) {
            if self.order == ScanOrder::Naive {
                self.link.forget_selection();
            }
            out.extend(self.link.physical(chunk, wait).await?);
        }
        Ok(out)
    }

    /// The same request to each module.
    async fn ask_all(
        &mut self,
        modules: &[ModuleAddress],
        data: &[u8],
        wait: Wait,
    ) -> Result<Vec<Answer>, ObdError> {
        let requests = modules
            .iter()
            .map(|&module| PhysicalRequest {
                module,
                data: data.to_vec(),
            })
            .collect();
        self.ask(requests, wait).await
    }

    async fn discover(
        &mut self,
        addresses: &[ModuleAddress],
        problems: &mut Vec<String>,
    ) -> Result<Vec<ModuleAddress>, ObdError> {
        // The naive order waits the full time for every address, one at a time.
        let wait = match self.order {
            ScanOrder::Fast => Wait::Probe,
            ScanOrder::Naive => Wait::Full,
        };
        let probe = UdsRequest::tester_present();
        let answers = self.ask_all(addresses, probe.bytes(), wait).await?;
        let mut present = Vec::new();
        for (&a, answer) in addresses.iter().zip(answers) {
            match answer {
                Answer::Reply(_) | Answer::StillPending => present.push(a),
                Answer::Silent => {}
                Answer::Failed(why) => problems.push(format!("looking for a module at {a}: {why}")),
            }
        }
        if self.order == ScanOrder::Naive && !present.is_empty() {
            // and opens the default session first, as a scan tool's script would
            self.ask_all(
                &present,
                UdsRequest::session(Session::Default).bytes(),
                Wait::Full,
            )
            .await?;
        }
        Ok(present)
    }

    fn dids_per_request(&self) -> usize {
        match self.order {
            ScanOrder::Fast => ((self.link.max_request_len().saturating_sub(1)) / 2).max(1),
            ScanOrder::Naive => 1,
        }
    }

    async fn identify(&mut self, modules: &mut [ModuleReport]) -> Result<(), ObdError> {
        let all: Vec<u16> = DidSpec::identification().iter().map(|d| d.did).collect();
        let chunk = self.dids_per_request();
        let mut queues: Vec<Vec<Vec<u16>>> = modules
            .iter()
            .map(|_| all.chunks(chunk).rev().map(<[u16]>::to_vec).collect())
            .collect();
        loop {
            let round: Vec<(usize, Vec<u16>)> = queues
                .iter_mut()
                .enumerate()
                .filter_map(|(i, q)| q.pop().map(|dids| (i, dids)))
                .collect();
            if round.is_empty() {
                break;
            }
            let requests = round
                .iter()
                .filter_map(|(i, dids)| {
                    Some(PhysicalRequest {
                        module: modules[*i].address,
                        data: UdsRequest::read_dids(dids)?.bytes().to_vec(),
                    })
                })
                .collect();
            let answers = self.ask(requests, Wait::Full).await?;
            for ((i, dids), answer) in round.into_iter().zip(answers) {
                if let Some(mut singles) = take_identification(&mut modules[i], &dids, &answer) {
                    // it refuses several DIDs at once: ask the rest one by one
                    singles.extend(queues[i].iter().rev().flatten());
                    queues[i] = singles.into_iter().rev().map(|d| vec![d]).collect();
                }
            }
        }
        for m in modules.iter_mut().filter(|m| m.name.is_none()) {
            m.name = m
                .ident(0xF197)
                .filter(|n| !n.is_empty())
                .map(str::to_string);
        }
        Ok(())
    }

    async fn read_codes(&mut self, modules: &mut [ModuleReport]) -> Result<(), ObdError> {
        let request = UdsRequest::dtcs_by_status(ALL_STATUS_BITS);
        let addresses: Vec<ModuleAddress> = modules.iter().map(|m| m.address).collect();
        let answers = self
            .ask_all(&addresses, request.bytes(), Wait::Full)
            .await?;
        let mut retry = Vec::new();
        for (i, answer) in answers.into_iter().enumerate() {
            if take_codes(&mut modules[i], &request, &answer) {
                retry.push(i);
            }
        }
        if retry.is_empty() {
            return Ok(());
        }
        let again: Vec<ModuleAddress> = retry.iter().map(|&i| modules[i].address).collect();
        let sessions = self
            .ask_all(
                &again,
                UdsRequest::session(Session::Extended).bytes(),
                Wait::Full,
            )
            .await?;
        let answers = self.ask_all(&again, request.bytes(), Wait::Full).await?;
        for ((&i, session), answer) in retry.iter().zip(sessions).zip(answers) {
            modules[i].extended_session =
                matches!(&session, Answer::Reply(r) if r.first() == Some(&0x50));
            take_codes(&mut modules[i], &request, &answer);
        }
        Ok(())
    }

    async fn read_details(&mut self, modules: &mut [ModuleReport]) -> Result<(), ObdError> {
        for kind in [Detail::Snapshot, Detail::Extended] {
            let mut refused = vec![false; modules.len()];
            let most = modules.iter().map(|m| m.dtcs.len()).max().unwrap_or(0);
            for k in 0..most {
                let round: Vec<(usize, PhysicalRequest)> = modules
                    .iter()
                    .enumerate()
                    .filter(|(i, m)| {
                        !refused[*i] && m.dtcs.get(k).is_some_and(ModuleDtc::is_active)
                    })
                    .map(|(i, m)| (i, kind.request(m.address, &m.dtcs[k])))
                    .collect();
                if round.is_empty() {
                    continue;
                }
                let (who, requests): (Vec<usize>, Vec<PhysicalRequest>) = round.into_iter().unzip();
                let answers = self.ask(requests, Wait::Full).await?;
                for (i, answer) in who.into_iter().zip(answers) {
                    refused[i] |= kind.take(&mut modules[i], k, &answer);
                }
            }
        }
        Ok(())
    }

    async fn finish(&mut self, modules: &[ModuleReport]) -> Result<(), ObdError> {
        let extended: Vec<ModuleAddress> = modules
            .iter()
            .filter(|m| m.extended_session)
            .map(|m| m.address)
            .collect();
        if !extended.is_empty() {
            self.ask_all(
                &extended,
                UdsRequest::session(Session::Default).bytes(),
                Wait::Full,
            )
            .await?;
        }
        self.link.end_physical().await
    }
}

/// Takes a 22 answer into the module's identification. Returns the DIDs to
/// ask one at a time when the module refused several in one request.
fn take_identification(m: &mut ModuleReport, dids: &[u16], answer: &Answer) -> Option<Vec<u16>> {
    let request = UdsRequest::read_dids(dids)?;
    match answer_reply(&request, answer) {
        Ok(reply) => match parse_read_dids(dids, reply) {
            Ok(values) => m
                .identification
                .extend(values.into_iter().map(|v| Identification {
                    did: v.did,
                    label: did_label(v.did),
                    value: v.text(),
                })),
            Err(what) => m
                .problems
                .push(format!("identification {}: {what}", did_list(dids))),
        },
        Err(AnswerError::Refused(code))
            if dids.len() > 1 && matches!(code, 0x12 | 0x13 | 0x14 | 0x31) =>
        {
            return Some(dids.to_vec());
        }
        Err(AnswerError::Refused(code)) if Nrc::is_not_supported(code) => {}
        Err(e) => m
            .problems
            .push(format!("identification {}: {e}", did_list(dids))),
    }
    None
}

/// Takes a 19 02 answer into the module's codes. Returns true when the
/// module wants the extended session first (7E/7F).
fn take_codes(m: &mut ModuleReport, request: &UdsRequest, answer: &Answer) -> bool {
    match answer_reply(request, answer) {
        Ok(reply) => match parse_dtc_list(reply) {
            Ok(list) => {
                m.dtcs = list
                    .dtcs
                    .into_iter()
                    .map(|(d, s)| ModuleDtc::new(d, s))
                    .collect();
                m.codes = ModuleCodes::Read;
            }
            Err(what) => {
                m.codes = ModuleCodes::NotRead {
                    reason: format!("the code list (19 02) came back damaged: {what}"),
                }
            }
        },
        Err(AnswerError::Refused(0x7E | 0x7F)) if !m.extended_session => return true,
        Err(e @ AnswerError::Refused(code)) if Nrc::is_not_supported(code) => {
            m.codes = ModuleCodes::Unsupported {
                reason: e.to_string(),
            }
        }
        Err(e) => {
            m.codes = ModuleCodes::NotRead {
                reason: e.to_string(),
            }
        }
    }
    false
}

#[derive(Clone, Copy)]
enum Detail {
    Snapshot,
    Extended,
}

impl Detail {
    fn uds(self, dtc: crate::uds::UdsDtc) -> UdsRequest {
        match self {
            Detail::Snapshot => UdsRequest::snapshot(dtc, 0xFF),
            Detail::Extended => UdsRequest::extended_data(dtc, 0xFF),
        }
    }

    fn request(self, module: ModuleAddress, dtc: &ModuleDtc) -> PhysicalRequest {
        PhysicalRequest {
            module,
            data: self.uds(dtc.dtc).bytes().to_vec(),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Detail::Snapshot => "snapshot (19 04)",
            Detail::Extended => "extended data (19 06)",
        }
    }

    /// Takes the answer for code `k`; true when the module does not offer this at all.
    fn take(self, m: &mut ModuleReport, k: usize, answer: &Answer) -> bool {
        let code = m.dtcs[k].dtc;
        let request = self.uds(code);
        match answer_reply(&request, answer) {
            Ok(reply) => self.store(m, k, reply),
            Err(AnswerError::Refused(c)) if Nrc::is_not_supported(c) => return true,
            Err(e) => m.problems.push(format!("{} of {code}: {e}", self.label())),
        }
        false
    }

    fn store(self, m: &mut ModuleReport, k: usize, reply: &[u8]) {
        let code = m.dtcs[k].dtc;
        let outcome = match self {
            Detail::Snapshot => parse_snapshot(reply).map(|s| {
                m.dtcs[k].snapshot = (!s.records.is_empty()).then_some(s);
            }),
            Detail::Extended => parse_extended_data(reply).map(|e| {
                m.dtcs[k].extended = (!e.data.is_empty()).then_some(e);
            }),
        };
        if let Err(what) = outcome {
            m.problems
                .push(format!("{} of {code}: {what}", self.label()));
        }
    }
}

/// Why an answer is not the positive reply.
#[derive(Debug)]
enum AnswerError {
    Refused(u8),
    Silent,
    StillPending,
    Failed(String),
    Unrelated,
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswerError::Refused(code) => write!(
                f,
                "refused: {} (negative response {code:02X})",
                Nrc::meaning_of(*code)
            ),
            AnswerError::Silent => f.write_str("no answer in time"),
            AnswerError::StillPending => {
                f.write_str("the module kept saying 'wait' (response pending) and never answered")
            }
            AnswerError::Failed(why) => f.write_str(why),
            AnswerError::Unrelated => f.write_str("the answer did not match the request"),
        }
    }
}

fn answer_reply<'a>(request: &UdsRequest, answer: &'a Answer) -> Result<&'a [u8], AnswerError> {
    match answer {
        Answer::Reply(bytes) => match classify(request, bytes) {
            Reply::Positive(r) => Ok(r),
            Reply::Negative(code) => Err(AnswerError::Refused(code)),
            Reply::Pending => Err(AnswerError::StillPending),
            Reply::Unrelated => Err(AnswerError::Unrelated),
        },
        Answer::Silent => Err(AnswerError::Silent),
        Answer::StillPending => Err(AnswerError::StillPending),
        Answer::Failed(why) => Err(AnswerError::Failed(why.clone())),
    }
}

fn did_list(dids: &[u16]) -> String {
    dids.iter()
        .map(|d| format!("{d:04X}"))
        .collect::<Vec<_>>()
        .join(" ")
}
