#!/usr/bin/env python3
"""Writes tests/data/diagnosis-cases.jsonl: labelled evaluation cases.

Each case is a typical shop visit written by the project's authors (an
editorial set, not records of real repairs) about common failures: what the car came in with (vehicle, mileage,
complaint, codes, the readings a tech would take before tearing anything
apart) and the repair that fixed it (`confirmed_cause`, a cause id from
assets/knowledge/causes.json). They were written before tuning and are not
edited to make the engine win; misses stay in the set.
"""
import json
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "data", "diagnosis-cases.jsonl")
CASES = []


def case(id, veh, miles, complaint, codes, cause, readings=None, findings="", ff=None, note="", km=False, symptoms=None):
    make, model, year, engine = (veh.split("|") + [None] * 4)[:4]
    c = {
        "vehicle": {"make": make, "model": model, "year": int(year) if year else None, "engine": engine},
        "complaint": complaint,
        "dtcs": codes,
        "findings": findings,
        "readings": readings or {},
        "freeze_frame": ff or {},
    }
    if miles is not None:
        c["mileage"] = {"value": miles, "unit": "km" if km else "mi"}
    if symptoms:
        c["symptoms"] = symptoms
    CASES.append({"id": id, "case": c, "confirmed_cause": cause, "note": note})


# ---- lean -------------------------------------------------------------------
case("lean-01", "Ford|F-150|2008|4.6L V8", 142000, "check engine light, rough idle when cold", ["P0171", "P0174"], "vacuum_leak",
     {"ltft_b1": 21, "ltft_b2": 19, "ltft_b1_2500": 4, "ltft_b2_2500": 5}, note="cracked intake manifold coolant-crossover / PCV hose")
case("lean-02", "Toyota|Camry|2009|2.4L I4 2AZ-FE", 168000, "check engine light, hesitates on the highway", ["P0171"], "fuel_pump_weak",
     {"ltft_b1": 18, "ltft_b1_2500": 17, "fuel_pressure_kpa": 215}, note="weak in-tank pump")
case("lean-03", "Honda|Accord|2006|2.4L I4", 151000, "engine light", ["P0171"], "maf_dirty",
     {"ltft_b1": 16, "ltft_b1_2500": 15, "maf": 3.6, "rpm": 700}, findings="oiled air filter", note="oiled aftermarket filter coated the MAF")
case("lean-04", "Chevrolet|Silverado 1500|2005|5.3L V8", 198000, "check engine light on", ["P0171", "P0174"], "vacuum_leak",
     {"ltft_b1": 24, "ltft_b2": 22, "ltft_b1_2500": 6, "ltft_b2_2500": 6}, findings="hiss from intake manifold gasket area",
     note="intake manifold gaskets")
case("lean-05", "Volkswagen|Jetta GLI|2012|2.0T TSI EA888", 92000, "rough idle and whistle from engine", ["P0171", "P0507"], "pcv_fault",
     {"ltft_b1": 19, "idle_rpm": 1150}, findings="whistle from oil cap area", note="PCV diaphragm torn")
case("lean-06", "Chevrolet|Cruze|2013|1.4L Turbo", 88000, "engine light, whistling at idle", ["P0171", "P0106"], "pcv_fault",
     {"ltft_b1": 17}, note="valve cover PCV diaphragm")
case("lean-07", "Nissan|Altima|2010|2.5L I4", 141000, "check engine light", ["P0171"], "vacuum_leak",
     {"ltft_b1": 20, "ltft_b1_2500": 3}, note="split intake boot after the MAF")
case("lean-08", "Ford|Explorer|2004|4.0L V6", 176000, "engine light, rough idle", ["P0171", "P0174", "P0300"], "vacuum_leak",
     {"ltft_b1": 25, "ltft_b2": 24, "ltft_b1_2500": 8}, note="upper intake gasket + PCV elbow")
case("lean-09", "Dodge|Grand Caravan|2008|3.8L V6", 187000, "stumbles on acceleration, engine light", ["P0171", "P0174"], "fuel_filter_clogged",
     {"ltft_b1": 20, "ltft_b2": 19, "ltft_b1_2500": 18, "fuel_pressure_kpa": 250}, findings="",
     note="in-tank filter sock/regulator module restricted")
case("lean-10", "Subaru|Forester|2011|2.5L H4", 128000, "engine light", ["P0171"], "maf_dirty",
     {"ltft_b1": 15.5, "ltft_b1_2500": 14, "maf": 3.9, "rpm": 700}, note="MAF cleaned, trims back to 2 %")
case("lean-11", "Toyota|Tacoma|2007|4.0L V6", 164000, "check engine light", ["P0171", "P0174"], "maf_dirty",
     {"ltft_b1": 19, "ltft_b2": 18, "ltft_b1_2500": 17, "ltft_b2_2500": 16, "fuel_pressure_kpa": 320, "maf": 5.5, "rpm": 680},
     note="MAF contaminated")
case("lean-12", "Ford|Ranger|2005|3.0L V6", 155000, "engine light after parts store cleared it", ["P0174"], "exhaust_leak_pre_o2",
     {"ltft_b1": 3, "ltft_b2": 16}, findings="tick at cold start from passenger manifold", note="cracked right exhaust manifold")
case("lean-13", "Ford|F-150|2014|3.5L V6 EcoBoost", 96000, "loss of power under boost, engine light", ["P0299", "P0171"], "boost_leak",
     {"boost_desired_kpa": 230, "boost_actual_kpa": 180}, note="intercooler coupler split")
case("lean-14", "Kia|Optima|2013|2.4L I4", 121000, "idle surges, light on", ["P2187"], "vacuum_leak",
     {"ltft_b1": 18, "ltft_b1_2500": 2}, note="brake booster line cracked at the manifold")

# ---- rich ---------------------------------------------------------------------
case("rich-01", "Chevrolet|Tahoe|2003|5.3L V8", 210000, "smells like gas, poor mileage", ["P0172", "P0175"], "fuel_pressure_regulator",
     {"ltft_b1": -22, "ltft_b2": -20}, note="regulator diaphragm leaking into vacuum line")
case("rich-02", "Honda|Civic|2008|1.8L I4", 132000, "black smoke on startup, engine light", ["P0172"], "injector_leaking",
     {"ltft_b1": -18}, note="injector dripping")
case("rich-03", "Ford|Escape|2010|2.5L I4", 118000, "rough idle after filling up, engine light", ["P0172", "P0455"], "evap_purge_valve",
     {"ltft_b1": -17}, note="purge valve stuck open")

# ---- misfire ----------------------------------------------------------------
case("mis-01", "Ford|F-150|2006|5.4L V8 3V", 134000, "shaking at idle, flashing check engine", ["P0300", "P0304"], "ignition_coil",
     {"misfire_cyl_4": 212, "misfire_cyl_2": 3}, note="coil boot split on cylinder 4")
case("mis-02", "Toyota|Corolla|2012|1.8L I4", 119000, "shakes at stop lights", ["P0302"], "ignition_coil",
     {"misfire_cyl_2": 140}, note="coil 2")
case("mis-03", "Honda|Odyssey|2011|3.5L V6 J35", 145000, "vibration at highway speed, engine light flashing once", ["P0300", "P0303"],
     "spark_plugs_worn", {"misfire_cyl_3": 60, "misfire_cyl_2": 18, "misfire_cyl_1": 9}, findings="oil fouled plugs on rear bank",
     note="VCM oil fouling; plugs + VCM disabler")
case("mis-04", "Chevrolet|Silverado 1500|2010|5.3L V8", 152000, "misfire, ticking noise", ["P0300", "P0307"], "afm_lifter",
     {"misfire_cyl_7": 180, "compression_cyl_7": 150, "compression_cyl_5": 165, "compression_cyl_3": 168},
     note="collapsed AFM lifter cylinder 7; coil swap did nothing")
case("mis-05", "Toyota|Camry|2008|2.4L I4 2AZ-FE", 186000, "engine light, uses a quart of oil every 1000 miles", ["P0300", "P0420"],
     "oil_consumption_rings", findings="oil fouled plugs", note="ring job / short block")
case("mis-06", "Chevrolet|Impala|2007|3.5L V6", 212000, "rough running, engine light", ["P0300"], "spark_plugs_worn",
     {"misfire_cyl_1": 30, "misfire_cyl_3": 22, "misfire_cyl_5": 41, "misfire_cyl_6": 19}, findings="original plugs, gap worn to 0.070",
     note="plugs overdue")
case("mis-07", "Volkswagen|GTI|2011|2.0T TSI", 98000, "stumble on cold start, engine light", ["P0300", "P0301", "P0303"], "carbon_buildup",
     {"misfire_cyl_1": 40, "misfire_cyl_3": 35}, note="walnut blast intake valves")
case("mis-08", "Ford|Fusion|2012|2.5L I4", 87000, "shudder on acceleration", ["P0301"], "ignition_coil",
     {"misfire_cyl_1": 95}, note="coil 1")
case("mis-09", "Jeep|Grand Cherokee|2013|3.6L V6", 103000, "ticking and misfire on startup", ["P0300", "P0302"], "low_compression",
     {"misfire_cyl_2": 120, "compression_cyl_2": 95, "compression_cyl_4": 180, "compression_cyl_6": 178},
     note="Pentastar left head: dropped valve seat")
case("mis-10", "Nissan|Rogue|2014|2.5L I4", 109000, "rough idle, engine light", ["P0304"], "injector_clogged",
     {"misfire_cyl_4": 60}, findings="coil swapped to cyl 2, misfire stayed on 4", note="injector 4 restricted")
case("mis-11", "Hyundai|Sonata|2012|2.4L I4 GDI", 128000, "hesitation and light", ["P0300", "P0171"], "vacuum_leak",
     {"ltft_b1": 20, "ltft_b1_2500": 5}, note="PCV hose collapsed/split")
case("mis-12", "Subaru|Outback|2006|2.5L H4 EJ25", 172000, "overheats on hills, misfire light", ["P0301", "P0300"], "head_gasket",
     findings="bubbles in the reservoir", note="head gaskets")
case("mis-13", "Ford|Expedition|2005|5.4L V8 3V", 160000, "misfire at idle, engine light", ["P0306"], "ignition_coil",
     {"misfire_cyl_6": 150}, note="coil 6")
case("mis-14", "Chevrolet|Malibu|2016|1.5L Turbo", 48000, "stutters on acceleration", ["P0300", "P0302", "P0303"], "spark_plugs_worn",
     {"misfire_cyl_2": 30, "misfire_cyl_3": 28}, findings="plugs worn, gap opened", note="early plug wear on the 1.5T")
case("mis-15", "Mazda|3|2011|2.0L I4", 135000, "misfire under load, engine light", ["P0302"], "spark_plugs_worn",
     {"misfire_cyl_2": 55}, findings="cracked plug insulator on cyl 2", note="plug cracked")
case("mis-16", "BMW|328i|2008|3.0L I6", 118000, "rough running, engine light", ["P0305"], "ignition_coil",
     {"misfire_cyl_5": 210}, note="coil 5")
case("mis-17", "Ford|F-150|2011|5.0L V8", 128000, "rough idle, engine light", ["P0300", "P0171", "P0174"], "vacuum_leak",
     {"ltft_b1": 23, "ltft_b2": 21, "ltft_b1_2500": 7}, note="PCV hose")

# ---- catalyst / O2 -------------------------------------------------------------
case("cat-01", "Honda|Civic|2007|1.8L I4", 191000, "failed emissions, engine light", ["P0420"], "catalyst_failed",
     {"o2_b1s1_min_v": 0.08, "o2_b1s1_max_v": 0.86, "o2_b1s2_min_v": 0.15, "o2_b1s2_max_v": 0.82}, note="new catalyst")
case("cat-02", "Toyota|RAV4|2010|2.5L I4", 176000, "check engine light", ["P0420"], "catalyst_failed", note="converter replaced")
case("cat-03", "Hyundai|Elantra|2013|1.8L I4", 82000, "engine light", ["P0420", "P0133"], "o2_upstream_aged",
     {"o2_b1s1_min_v": 0.3, "o2_b1s1_max_v": 0.52}, note="lazy upstream sensor")
case("cat-04", "Chevrolet|Equinox|2012|2.4L I4", 158000, "engine light, burning oil", ["P0420"], "oil_consumption_rings",
     findings="adding oil between changes, oily plugs", note="rings; cat poisoned (cat replaced after)")
case("cat-05", "Ford|Focus|2012|2.0L I4", 99000, "engine light", ["P0420", "P2096"], "exhaust_leak_pre_o2",
     findings="exhaust leak at flex pipe", note="flex pipe leak")
case("cat-06", "Nissan|Sentra|2009|2.0L I4", 154000, "light on", ["P0420", "P0430"], "catalyst_failed",
     {"o2_b1s2_min_v": 0.12, "o2_b1s2_max_v": 0.85}, note="catalyst")
case("cat-07", "Toyota|Highlander|2008|3.5L V6", 181000, "engine light", ["P0430"], "catalyst_failed",
     {"o2_b1s2_min_v": 0.6, "o2_b1s2_max_v": 0.72}, note="bank 2 converter (b1 rear steady)")
case("o2-01", "Toyota|Camry|2007|2.4L I4", 144000, "engine light", ["P0135"], "o2_heater", note="upstream A/F sensor heater open")
case("o2-02", "Honda|CR-V|2009|2.4L I4", 132000, "check engine light", ["P0141"], "o2_heater", note="downstream sensor heater")
case("o2-03", "Ford|F-250|2006|5.4L V8", 201000, "engine light", ["P0135", "P0155"], "o2_heater_circuit",
     findings="fuse for HO2S heaters blown", note="chafed harness shorted heater feed; repaired and fuse")
case("o2-04", "Subaru|Impreza|2010|2.5L H4", 139000, "light on", ["P2195"], "o2_upstream_aged",
     {"ltft_b1": 3, "o2_b1s1_min_v": 0.2, "o2_b1s1_max_v": 0.3}, note="A/F sensor biased lean")
case("o2-05", "Chevrolet|Colorado|2007|3.7L I5", 163000, "engine light", ["P0137"], "o2_downstream", note="rear O2")
case("o2-06", "Kia|Soul|2012|2.0L I4", 111000, "engine light", ["P0133"], "o2_upstream_aged", note="upstream O2 slow")
case("o2-07", "Dodge|Ram 1500|2009|5.7L V8", 151000, "engine light", ["P0032", "P0052"], "o2_heater_circuit",
     findings="rodent damage to the harness", note="rodents chewed heater feeds")

# ---- cooling ----------------------------------------------------------------------
case("cool-01", "Ford|Focus|2011|2.0L I4", 112000, "heater blows lukewarm in winter", ["P0128"], "thermostat_stuck_open",
     {"coolant_temp": 68}, note="thermostat")
case("cool-02", "Chevrolet|Cruze|2012|1.4L Turbo", 94000, "losing coolant, sweet smell", ["P0128"], "coolant_leak",
     findings="crusted coolant at the water outlet", note="water outlet + thermostat housing")
case("cool-03", "Jeep|Liberty|2006|3.7L V6", 168000, "temp gauge climbs in traffic", [], "radiator_fan",
     {"coolant_temp_max": 114}, findings="fan doesn't come on at 105 C", note="fan clutch / electric fan motor")
case("cool-04", "Toyota|Sienna|2007|3.5L V6", 152000, "overheating and coolant smell", [], "water_pump",
     findings="coolant drip from weep hole behind the timing cover", note="water pump")
case("cool-05", "Subaru|Legacy|2005|2.5L H4 EJ25", 158000, "running hot on the highway, losing coolant", [], "head_gasket",
     findings="block test positive", note="head gaskets")
case("cool-06", "Honda|Civic|2006|1.8L I4", 165000, "overheats on the highway", [], "thermostat_stuck_closed",
     {"coolant_temp_max": 118}, findings="upper hose hot, lower hose cold", note="thermostat stuck closed")
case("cool-07", "Nissan|Frontier|2008|4.0L V6", 173000, "temp gauge high, radiator leaking", [], "coolant_leak",
     findings="radiator leak at the plastic tank seam", note="radiator")
case("cool-08", "Ford|Taurus|2008|3.5L V6", 141000, "heater cold, gauge low", ["P0128", "P0117"], "ect_sensor",
     {"ect_cold_soak": 45, "iat_cold_soak": 12}, note="ECT sensor shorted low")
case("cool-09", "Chevrolet|Impala|2011|3.5L V6", 118000, "overheating, engine light", ["P0480"], "radiator_fan",
     note="cooling fan relay failed")

# ---- EVAP -------------------------------------------------------------------------------
case("evap-01", "Toyota|Corolla|2010|1.8L I4", 97000, "engine light came on after filling up", ["P0455"], "gas_cap",
     findings="gas cap loose, not clicked", note="cap")
case("evap-02", "Ford|Escape|2009|3.0L V6", 131000, "engine light", ["P0455"], "evap_leak_hose",
     note="EVAP hose disconnected at the canister")
case("evap-03", "Chevrolet|Equinox|2011|2.4L I4", 124000, "engine light, hard to fill the tank", ["P0446", "P0449"], "evap_vent_valve",
     note="vent solenoid")
case("evap-04", "Honda|Accord|2008|2.4L I4", 141000, "engine light", ["P0456"], "evap_leak_hose",
     note="small crack in the canister filter hose (smoke test)")
case("evap-05", "GMC|Sierra|2008|5.3L V8", 149000, "engine light", ["P0442", "P0496"], "evap_purge_valve", note="purge solenoid leaking through")
case("evap-06", "Dodge|Grand Caravan|2012|3.6L V6", 103000, "engine light", ["P0441"], "evap_purge_valve", note="purge valve")
case("evap-07", "Hyundai|Santa Fe|2012|2.4L I4", 115000, "engine light", ["P0457"], "gas_cap", note="cap seal torn")

# ---- EGR / idle / sensors -------------------------------------------------------------------
case("egr-01", "Honda|Accord|2005|2.4L I4", 178000, "engine light", ["P0401"], "egr_clogged", note="EGR ports in the plenum carboned")
case("egr-02", "Ford|Crown Victoria|2006|4.6L V8", 210000, "engine light", ["P0401"], "egr_electrical",
     findings="cracked DPFE hose", note="DPFE sensor and hoses")
case("egr-03", "Toyota|Tundra|2006|4.7L V8", 188000, "rough idle, stalls at stops", ["P0402"], "egr_stuck_open", note="EGR valve stuck open")
case("idle-01", "Honda|Civic|2003|1.7L I4", 190000, "idles low and stalls", ["P0505"], "iac_valve", note="IACV")
case("idle-02", "Nissan|Altima|2009|2.5L I4", 133000, "stalls when coming to a stop", ["P0507"], "throttle_body_dirty",
     findings="carbon on throttle plate", note="throttle body cleaned + idle relearn")
case("idle-03", "Ford|Mustang|2007|4.0L V6", 140000, "high idle", ["P0507"], "vacuum_leak",
     {"idle_rpm": 1250, "ltft_b1": 14}, note="intake gasket")
case("maf-01", "Chevrolet|Trailblazer|2006|4.2L I6", 178000, "hesitation, engine light", ["P0101"], "maf_dirty",
     {"maf": 2.3, "rpm": 700}, note="MAF contaminated")
case("maf-02", "Nissan|Murano|2009|3.5L V6", 145000, "stalls after start", ["P0102"], "maf_failed", note="MAF failed")
case("tps-01", "Dodge|Ram 1500|2006|4.7L V8", 172000, "surging, bucking at light throttle", ["P0122"], "tps_sensor", note="TPS")
case("tps-02", "Chevrolet|Silverado|2008|4.8L V8", 160000, "reduced power light, limp mode", ["P2135"], "tps_sensor",
     note="throttle body (dual TPS) replaced")
case("iat-01", "Ford|Fusion|2010|2.5L I4", 99000, "engine light", ["P0113"], "iat_sensor", note="IAT sensor open (built into MAF)")
case("ks-01", "Toyota|Camry|2003|3.0L V6", 205000, "engine light", ["P0325"], "knock_sensor", note="knock sensor in the valley")
case("ckp-01", "Nissan|Sentra|2005|1.8L I4", 162000, "stalls when hot, then cranks but won't start", ["P0335"], "ckp_sensor",
     findings="no rpm while cranking", note="crank sensor")
case("cmp-01", "Chevrolet|Equinox|2010|2.4L I4", 140000, "hard start, engine light", ["P0016"], "timing_chain_stretched",
     {"cam_crank_offset_deg": 9}, note="timing chain stretched")
case("vvt-01", "Ford|F-150|2007|5.4L V8 3V", 172000, "ticking at idle, engine light", ["P0012", "P0022"], "cam_phaser",
     findings="rattle on cold start", note="phasers + chain guides")
case("vvt-02", "Toyota|Corolla|2011|1.8L I4", 130000, "engine light", ["P0011"], "oil_low_or_sludge", findings="oil was 2 quarts low",
     note="oil low; topped up, code did not return")
case("vvt-03", "Hyundai|Santa Fe|2011|3.5L V6", 142000, "engine light", ["P0010"], "vvt_solenoid", note="OCV open circuit")
case("inj-01", "Chevrolet|Malibu|2009|2.4L I4", 138000, "engine light, shakes", ["P0202", "P0302"], "injector_circuit",
     note="injector 2 coil open")
case("fp-01", "Ford|Explorer|2006|4.0L V6", 172000, "cranks but won't start", [], "fuel_pump_failed",
     {"fuel_pressure_kpa": 0}, note="fuel pump")
case("fp-02", "Chevrolet|Trailblazer|2005|4.2L I6", 190000, "cranks but won't start this morning", [], "fuel_pump_relay",
     findings="no pump hum at key on, 12 V at relay socket input", note="relay")

# ---- electrical ----------------------------------------------------------------------
case("elec-01", "Honda|Pilot|2012|3.5L V6", 98000, "battery dies overnight", [], "parasitic_draw",
     {"parasitic_draw_ma": 380, "battery_v": 12.1}, findings="aftermarket remote start", note="remote start module")
case("elec-02", "Toyota|Camry|2014|2.5L I4", 71000, "no crank, just clicks", [], "battery_weak",
     {"battery_v": 11.6}, note="battery failed load test")
case("elec-03", "Ford|F-150|2010|5.4L V8", 158000, "battery light on, lights dim", ["P0562"], "alternator_failed",
     {"charging_v": 12.4}, note="alternator")
case("elec-04", "Chevrolet|Silverado|2012|5.3L V8", 130000, "no crank sometimes, clicks", [], "starter_failed",
     {"battery_v": 12.6}, findings="single click, battery tested good", note="starter")
case("elec-05", "Jeep|Wrangler|2010|3.8L V6", 120000, "needs a jump start every few days", [], "battery_cable",
     {"battery_v": 12.4}, findings="corroded terminal and loose clamp", note="terminal")
case("elec-06", "Nissan|Versa|2012|1.6L I4", 89000, "won't start, no crank", [], "battery_weak", note="battery 6 years old")
case("elec-07", "Toyota|Corolla|2005|1.8L I4", 220000, "cranks but won't start", [], "immobilizer",
     findings="security light flashing", note="key transponder")

# ---- brakes ---------------------------------------------------------------------------
case("brk-01", "Honda|Civic|2015|1.8L I4", 62000, "squeal when braking", [], "brake_pads_worn", findings="pads at 2 mm", symptoms=["brake_noise"])
case("brk-02", "Ford|F-150|2013|5.0L V8", 84000, "pulls right when braking", [], "caliper_sticking",
     findings="right front wheel hot after drive", note="seized caliper slide pins")
case("brk-03", "Toyota|Camry|2012|2.5L I4", 78000, "steering wheel shakes when braking at highway speed", [], "rotors_warped",
     note="rotor thickness variation")
case("brk-04", "Chevrolet|Malibu|2011|2.4L I4", 91000, "grinding noise when stopping", [], "brake_pads_worn", note="metal to metal rear")
case("brk-05", "Nissan|Altima|2014|2.5L I4", 70000, "rattle over bumps and a squeak when braking", [], "brake_hardware",
     findings="pads at 6 mm, anti-rattle clips missing", note="hardware kit")
case("brk-06", "Dodge|Durango|2008|4.7L V8", 140000, "pulls left, no brakes involved, drifts on highway", [], "alignment_tire",
     findings="tires worn on inner edge", note="alignment")

# ---- transmission --------------------------------------------------------------------------
case("tr-01", "Ford|Explorer|2007|4.0L V6", 168000, "slipping between 2nd and 3rd", ["P0732", "P0733"], "trans_internal_wear",
     findings="fluid dark, burnt smell", note="5R55 rebuild")
case("tr-02", "Chevrolet|Silverado|2009|5.3L V8", 150000, "harsh shift into 2nd, engine light", ["P0751"], "shift_solenoid",
     note="shift solenoid A")
case("tr-03", "Honda|Accord|2005|3.0L V6", 190000, "flares between gears", ["P0730", "P0700"], "trans_fluid",
     findings="fluid low and dark", note="fluid low — service fixed it (internal wear suspected later)")
case("tr-04", "Dodge|Caravan|2008|3.3L V6", 160000, "stuck in 2nd gear, limp mode", ["P0700", "P0715"], "trans_speed_sensor",
     note="input speed sensor")
case("tr-05", "Toyota|Camry|2006|2.4L I4", 180000, "shudder at 45 mph, engine light", ["P0741"], "tcc_solenoid", note="TCC solenoid / torque converter")
case("tr-06", "Ford|F-150|2012|3.5L EcoBoost", 120000, "no start in park sometimes, engine light", ["P0705"], "trans_range_sensor",
     note="range sensor")
case("tr-07", "Nissan|Rogue|2014|2.5L I4 CVT", 118000, "judder and slip accelerating", ["P0868", "P0776"], "trans_internal_wear",
     note="CVT replaced")

# ---- symptom-only / mixed ----------------------------------------------------------------------
case("sym-01", "Mazda|CX-5|2015|2.5L I4", 88000, "check engine light came on, drives fine", ["P0456"], "gas_cap",
     findings="cap seal worn", note="cap")
case("sym-02", "Ford|Fusion|2011|2.5L I4", 138000, "hesitation when accelerating", [], "fuel_pump_weak",
     {"fuel_pressure_kpa": 205}, note="weak pump")
case("sym-03", "Toyota|Prius|2010|1.8L I4", 162000, "rough idle and shaking", [], "egr_clogged",
     findings="EGR cooler and intake carboned", note="2ZR-FXE EGR clogging")
case("sym-04", "Buick|LaCrosse|2006|3.8L V6", 181000, "no heat and gauge reads low", [], "thermostat_stuck_open",
     {"coolant_temp_max": 62}, note="thermostat")


# ---- hold-out: written after the knowledge was frozen (f27c67e); never used for tuning --------
MAIN = CASES
CASES = []
case("ho-01", "Ford|Edge|2011|3.5L V6", 139000, "engine light", ["P0171", "P0174"], "vacuum_leak",
     {"ltft_b1": 18, "ltft_b2": 17, "ltft_b1_2500": 5, "ltft_b2_2500": 4}, note="PCV tube under the intake cracked")
case("ho-02", "Toyota|4Runner|2005|4.0L V6", 201000, "engine light, smell of exhaust", ["P0420", "P0430"], "catalyst_failed",
     {"o2_b1s2_min_v": 0.1, "o2_b1s2_max_v": 0.8}, note="both converters")
case("ho-03", "Honda|Fit|2010|1.5L I4", 121000, "shaking, flashing light", ["P0303"], "ignition_coil", {"misfire_cyl_3": 170}, note="coil 3")
case("ho-04", "Chevrolet|Tahoe|2011|5.3L V8", 171000, "misfire at cruise, engine light", ["P0300", "P0301"], "ignition_coil",
     {"misfire_cyl_1": 140}, findings="carbon track on coil boot", note="coil and plug wire boot")
case("ho-05", "Dodge|Charger|2012|3.6L V6", 112000, "engine light, runs fine", ["P0456"], "evap_leak_hose", note="fuel filler vent hose cracked")
case("ho-06", "Mazda|6|2009|2.5L I4", 150000, "gauge stays low, poor heat", ["P0128"], "thermostat_stuck_open", {"coolant_temp": 70})
case("ho-07", "Nissan|Pathfinder|2006|4.0L V6", 175000, "check engine light, stalls sometimes", ["P0335"], "ckp_sensor")
case("ho-08", "Volkswagen|Passat|2013|2.5L I5", 104000, "engine light", ["P0441"], "evap_purge_valve")
case("ho-09", "Ford|Focus|2014|2.0L I4", 81000, "engine light", ["P0456"], "gas_cap", findings="cap seal torn")
case("ho-10", "Kia|Sorento|2012|3.5L V6", 133000, "temperature gauge climbing at idle", [], "radiator_fan",
     {"coolant_temp_max": 112}, findings="fan never turns on")
case("ho-11", "Chevrolet|Cobalt|2008|2.2L I4", 158000, "engine light, rattle at start", ["P0016"], "timing_chain_stretched",
     {"cam_crank_offset_deg": -8})
case("ho-12", "Honda|Accord|2003|2.4L I4", 215000, "engine light", ["P1457"], "evap_leak_hose", note="Honda EVAP canister side leak")
case("ho-13", "Toyota|Sienna|2011|3.5L V6", 118000, "no crank, dash lights dim", [], "battery_weak", {"battery_v": 11.9})
case("ho-14", "Ford|Escape|2013|1.6L EcoBoost", 96000, "overheating warning, losing coolant", [], "coolant_leak",
     findings="coolant residue at the hose under the thermostat housing")
case("ho-15", "GMC|Acadia|2010|3.6L V6", 142000, "engine light, rough at idle", ["P0008", "P0017"], "timing_chain_stretched",
     note="timing chains")
case("ho-16", "Subaru|Crosstrek|2015|2.0L H4", 72000, "brakes squeak", [], "brake_pads_worn", findings="pads at 3 mm")
case("ho-17", "Chevrolet|Traverse|2012|3.6L V6", 125000, "battery light on and car died", ["P0562"], "alternator_failed", {"charging_v": 12.1})
case("ho-18", "Toyota|Tundra|2010|5.7L V8", 140000, "engine light", ["P2441", "P0411"], "secondary_air", note="air pump / switching valve")
case("ho-19", "Hyundai|Accent|2014|1.6L I4", 97000, "engine light", ["P0420"], "catalyst_failed")
case("ho-20", "Jeep|Cherokee|2016|2.4L I4", 88000, "shifts hard, engine light", ["P0700", "P0753"], "shift_solenoid")
case("ho-21", "Ford|Fusion|2014|1.5L EcoBoost", 79000, "car pulls to the right when braking", [], "caliper_sticking",
     findings="seized slide pin right front")
case("ho-22", "Chrysler|Town & Country|2010|3.8L V6", 166000, "engine light, idle dips", ["P0300", "P0171"], "vacuum_leak",
     {"ltft_b1": 21, "ltft_b1_2500": 6})
case("ho-23", "BMW|X5|2008|3.0L I6", 142000, "engine light, rough idle", ["P0171", "P0174"], "pcv_fault",
     {"ltft_b1": 16, "ltft_b2": 17}, findings="whistle from oil cap with cap off suction strong", note="CCV valve")
case("ho-24", "Honda|CR-V|2012|2.4L I4", 131000, "vibration at idle in drive", [], "spark_plugs_worn", findings="original plugs", symptoms=["rough_idle"])
HOLDOUT = CASES
CASES = MAIN
HOLDOUT_OUT = os.path.join(os.path.dirname(OUT), "diagnosis-cases-holdout.jsonl")

def main():
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate ids"
    with open(OUT, "w") as f:
        for c in CASES:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    with open(HOLDOUT_OUT, "w") as f:
        for c in HOLDOUT:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    print(f"{len(CASES)} cases, {len(HOLDOUT)} hold-out cases")


if __name__ == "__main__":
    main()
