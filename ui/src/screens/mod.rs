//! One module per screen; each `view(app)` renders it.

pub mod ask;
pub mod case;
pub mod cases;
pub mod close_case;
pub mod connect;
pub mod diagnosis;
pub mod estimate;
pub mod estimate_list;
pub mod live;
pub mod module_scans;
pub mod proposals;
pub mod scan;
pub mod settings;
pub mod vehicle;

use leptos::prelude::*;

use crate::api::SavedPdf;
use crate::App;

/// A PDF a screen saved: the button that opens it, disabled until there is
/// one. `id` names the button for the desktop test; `label` is already
/// looked up (`t("Open PDF")`).
pub(crate) fn open_pdf_button(
    app: App,
    pdf: RwSignal<Option<SavedPdf>>,
    id: &'static str,
    label: &'static str,
) -> impl IntoView {
    view! {
        <button class="secondary" id=id disabled=move || pdf.get().is_none()
            on:click=move |_| app.open_pdf(pdf.get_untracked())>{label}</button>
    }
}

/// Where the PDF was saved, once there is one: `said` (looked up) and the
/// path in a span with the id `id`.
pub(crate) fn saved_pdf_notice(
    pdf: RwSignal<Option<SavedPdf>>,
    id: &'static str,
    said: &'static str,
) -> impl IntoView {
    move || {
        pdf.get().map(|p| {
            view! {
                <div class="notice" role="status">{said}<span class="mono" id=id>{p.path}</span></div>
            }
        })
    }
}
