#!/usr/bin/env python3
"""Writes assets/knowledge/*.json, the curated diagnosis layer of shopbench.

The JSON files are the artefact the engine embeds (include_str!) and the thing
to review; this script is how they are written, so that families of codes
(P0301..P0308, the O2 sensor block, the EVAP block) stay consistent. Edit
here, run `python3 crates/diagnosis/tools/gen_knowledge.py`, commit both.

Every prior, likelihood ratio, threshold and test weight here is an
editorial estimate by the project's authors: no frequency was measured. A
prior reads "share of cars at a general repair shop that have this fault", a
likelihood ratio "how much more often this evidence is seen when the cause is
present than when it is not" — as judged, not counted. Likelihoods are
editorial estimates, not measured frequencies.
"""
import json
import os
import re

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")
OUT = os.path.join(ROOT, "assets", "knowledge")
OBDEX = os.path.join(ROOT, "assets", "dtc", "generic-codes.json")

SOURCES = [
    "OBDex generic code catalogue (github.com/foerbsnavi/OBDex), CC0 1.0 — code titles and the generic cause ids used as aliases",
    "SAE J2012 (diagnostic trouble code definitions) — code numbering, families and bank/sensor conventions",
    "Editorial estimates by the shopbench project's authors — priors, likelihood ratios, combination rules, reading thresholds, make patterns, tests and the words vocabulary; likelihoods are editorial estimates, not measured frequencies",
]

# --------------------------------------------------------------------------
# causes: id, name, system, prior, parts USD (lo, hi), labor hours (lo, hi),
#         regex matched against OBDex cause ids (aliases, for the baseline and
#         the generic layer)
# --------------------------------------------------------------------------
C = []


def cause(id, name, system, prior, parts, hours, alias=None):
    C.append(dict(id=id, name=name, system=system, prior=prior,
                  parts_cents=[parts[0] * 100, parts[1] * 100], labor_hours=list(hours),
                  alias=alias))


# air / fuel
cause("vacuum_leak", "Vacuum / unmetered air leak (intake hose, gasket, boot)", "air_fuel", 0.035, (5, 120), (0.5, 2.5),
      r"vacuum|intake_air_leak|intake_manifold_leak|unmetered|air_leak")
cause("pcv_fault", "PCV valve / hose or oil-separator diaphragm failed", "air_fuel", 0.015, (15, 250), (0.3, 2.0), r"pcv")
cause("maf_dirty", "MAF sensor contaminated (under-reading)", "air_fuel", 0.02, (0, 15), (0.3, 0.5),
      r"maf_contam|maf_dirty|airflow_offset|maf_drift")
cause("maf_failed", "MAF sensor or its circuit failed", "air_fuel", 0.008, (80, 300), (0.3, 0.8), r"^maf_")
cause("map_sensor", "MAP sensor / hose failed", "air_fuel", 0.006, (30, 150), (0.3, 0.8), r"map_sensor|^map_")
cause("air_filter_clogged", "Air filter restricted", "air_fuel", 0.008, (15, 40), (0.1, 0.3), r"air_filter")
cause("fuel_pump_weak", "Fuel pump weak (low pressure / volume)", "fuel", 0.012, (150, 600), (1.0, 3.0),
      r"fuel_pressure_low|fuel_pump_weak|pump_wear|pump_aged|lift_pump")
cause("fuel_pump_failed", "Fuel pump dead (no pressure)", "fuel", 0.008, (150, 600), (1.0, 3.0), r"fuel_pump_motor|fuel_pump_short|fuel_pump_wiring|fuel_pump_ground")
cause("fuel_pump_relay", "Fuel pump relay / fuse / driver module failed", "fuel", 0.005, (10, 250), (0.2, 1.0), r"fuel_pump_relay|fpcm")
cause("fuel_filter_clogged", "Fuel filter restricted", "fuel", 0.004, (15, 80), (0.5, 1.0), r"fuel_filter|clogged_fuel_filter")
cause("fuel_pressure_regulator", "Fuel pressure regulator leaking or stuck", "fuel", 0.005, (40, 200), (0.5, 2.0),
      r"regulator_stuck|regulator_sluggish|regulator_fault|fuel_pressure_high|regulator_diaphragm")
cause("fuel_pressure_sensor", "Fuel rail pressure sensor / circuit", "fuel", 0.004, (60, 250), (0.5, 1.5), r"frp|rail_press|^sensor_drift$")
cause("hpfp_worn", "High-pressure fuel pump (GDI) worn / cam follower", "fuel", 0.004, (300, 900), (1.5, 3.5), r"hpfp|high_pressure_pump")
cause("injector_clogged", "Fuel injector restricted / poor pattern", "fuel", 0.012, (60, 250), (0.5, 3.0),
      r"injector_clogged|inj_restricted|injector_restricted|injector_drift|inj_response")
cause("injector_leaking", "Fuel injector leaking / dripping", "fuel", 0.006, (60, 250), (0.5, 3.0), r"injector_leak|inj_leak")
cause("injector_circuit", "Injector coil or driver circuit open/short", "fuel", 0.005, (60, 250), (0.5, 2.5),
      r"injector_winding|injector_wiring|injector_circuit|ecu_driver|inj_connector")
cause("exhaust_leak_pre_o2", "Exhaust leak ahead of an O2 sensor (manifold crack, gasket, flex pipe)", "exhaust", 0.01, (30, 400), (1.0, 4.0),
      r"exhaust_leak_pre|exhaust_leak_upstream|exhaust_leak_post_cat|exhaust_leak")
# ignition
cause("spark_plugs_worn", "Spark plugs worn / fouled", "ignition", 0.04, (20, 120), (0.5, 2.5), r"spark_plug|plug_")
cause("ignition_coil", "Ignition coil (coil-on-plug) failed", "ignition", 0.03, (40, 160), (0.2, 1.0),
      r"ignition_coil_failed$|coil_failed|coil_short|coil_open|ignition_coil_failed_electrical|coil_i_open|coil_j|coil_k|coil_l")
cause("ignition_coil_circuit", "Ignition coil primary wiring / connector / driver", "ignition", 0.006, (10, 150), (0.5, 2.0),
      r"ignition_coil_wiring|coil_wiring")
# mechanical
cause("low_compression", "Low compression on a cylinder (valve, rings)", "engine_mechanical", 0.006, (300, 2500), (4.0, 15.0),
      r"compression|press_too_low_comp|valve_burnt")
cause("head_gasket", "Head gasket failure", "engine_mechanical", 0.006, (150, 600), (6.0, 14.0), r"head_gasket|combustion_gas")
cause("timing_chain_stretched", "Timing chain stretched / tensioner or guide worn", "engine_mechanical", 0.006, (150, 700), (4.0, 12.0),
      r"timing_chain|tensioner|timing_belt|jumped")
cause("cam_phaser", "Cam phaser (VCT actuator) worn / sticking", "engine_mechanical", 0.005, (200, 900), (3.0, 10.0), r"phaser|cam_pos_act")
cause("vvt_solenoid", "VVT oil-control solenoid sticking or open", "engine_mechanical", 0.01, (40, 200), (0.5, 2.0),
      r"ocv|oil_control_valve|vvt_solenoid|actuator_wiring")
cause("oil_low_or_sludge", "Engine oil low, wrong viscosity or sludged (VVT / lifters starve)", "engine_mechanical", 0.012, (30, 80), (0.5, 1.0),
      r"oil_sludge|low_oil_pressure|oil_pressure_low|oil_level")
cause("afm_lifter", "GM AFM/DOD lifter collapsed or AFM solenoid failed", "engine_mechanical", 0.003, (800, 2500), (8.0, 20.0), r"afm|dod_|cylinder_deact")
cause("oil_consumption_rings", "Piston-ring oil consumption fouling plugs / cat", "engine_mechanical", 0.004, (100, 3000), (2.0, 20.0), r"blow_by|ring")
cause("carbon_buildup", "Intake-valve carbon build-up (direct injection)", "engine_mechanical", 0.004, (20, 150), (2.0, 4.0), r"intake_valve_carbon")
# sensors
cause("o2_upstream_aged", "Upstream O2 / A/F sensor slow or biased", "emissions", 0.02, (50, 250), (0.3, 1.0),
      r"o2_sensor_aged|o2_silicon|o2_signal|o2_upstream|af_sensor|o2_sensor_failed|o2_slow|lean_running")
cause("o2_downstream", "Downstream O2 sensor failed or biased", "emissions", 0.01, (50, 200), (0.3, 1.0), r"o2_downstream|downstream")
cause("o2_heater", "O2 sensor heater element open", "emissions", 0.015, (50, 250), (0.3, 1.0), r"heater_open|heater_burnt|o2_heater_burnt|heater_aged")
cause("o2_heater_circuit", "O2 heater fuse / relay / wiring (sensor OK)", "emissions", 0.005, (5, 80), (0.3, 1.5), r"heater_fuse|wiring_to_heater|heater_wiring|heater_relay")
cause("o2_wiring", "O2 sensor signal wiring / connector fault", "emissions", 0.005, (5, 80), (0.5, 1.5), r"o2_.*short|o2_.*open|o2_wiring|sensor_wiring_fault")
cause("ect_sensor", "Engine coolant temperature sensor / circuit", "cooling", 0.008, (15, 80), (0.3, 1.0), r"^ect_")
cause("iat_sensor", "Intake air temperature sensor / circuit", "air_fuel", 0.005, (15, 80), (0.2, 0.6), r"^iat_")
cause("tps_sensor", "Throttle position sensor / electronic throttle body worn", "air_fuel", 0.008, (60, 450), (0.5, 1.5),
      r"tps|throttle_position|throttle_connector|pedal|app_sensor")
cause("throttle_body_dirty", "Throttle body / IAC passages carboned", "air_fuel", 0.012, (0, 15), (0.3, 0.8), r"throttle_body|dirty_throttle")
cause("iac_valve", "Idle air control valve failed", "air_fuel", 0.005, (50, 200), (0.3, 1.0), r"^iac_|idle_air")
cause("knock_sensor", "Knock sensor / circuit failed", "engine_management", 0.006, (40, 150), (0.5, 4.0), r"knock")
cause("ckp_sensor", "Crankshaft position sensor / circuit", "engine_management", 0.008, (25, 120), (0.3, 2.0), r"^ckp|reluctor|tone_wheel")
cause("cmp_sensor", "Camshaft position sensor / circuit", "engine_management", 0.008, (25, 120), (0.3, 1.5), r"^cmp|cam_offset")
cause("vss_sensor", "Vehicle / output speed sensor or circuit", "drivetrain", 0.005, (30, 120), (0.3, 1.0), r"vss|output_speed")
cause("pcm_fault", "Engine control module internal fault / needs reflash", "engine_management", 0.002, (300, 1200), (1.0, 2.5),
      r"^ecm_|ecu_internal|ecu_reference|ecm_processor|eeprom|ecu_coding")
# emissions
cause("catalyst_failed", "Catalytic converter degraded", "emissions", 0.02, (300, 1800), (1.0, 3.0), r"catalyst|cat_failed")
cause("egr_clogged", "EGR valve / passages carboned (insufficient flow)", "emissions", 0.008, (0, 350), (1.0, 4.0),
      r"egr_valve_carbon|egr_passages|egr_.*carbon|egr_valve_stuck$|egr_valve_mechanical")
cause("egr_stuck_open", "EGR valve stuck open (excess flow)", "emissions", 0.003, (100, 350), (0.5, 2.0), r"egr_valve_stuck_open|egr_.*stuck_open")
cause("egr_electrical", "EGR solenoid / position or DPFE sensor / circuit", "emissions", 0.006, (40, 300), (0.5, 1.5),
      r"dpfe|egr_solenoid|egr_position|egr_sensor|egr_wiring|egr_.*short|solenoid_wiring")
cause("secondary_air", "Secondary air pump / check valve failed", "emissions", 0.003, (150, 700), (1.0, 3.0), r"secondary_air|air_b1|air_pump")
cause("gas_cap", "Fuel cap loose / seal worn / filler neck", "evap", 0.02, (10, 30), (0.0, 0.2), r"fuel_cap|cap_missing|cap_oring|filler_neck")
cause("evap_purge_valve", "EVAP purge valve stuck or leaking", "evap", 0.012, (30, 120), (0.3, 1.0), r"purge")
cause("evap_vent_valve", "EVAP canister vent valve failed / blocked", "evap", 0.01, (40, 150), (0.5, 1.5), r"vent")
cause("evap_leak_hose", "EVAP hose / canister cracked or disconnected", "evap", 0.01, (20, 300), (0.5, 2.5), r"evap_hose|evap_canister|evap_line|canister")
cause("fuel_tank_pressure_sensor", "Fuel tank pressure sensor / circuit", "evap", 0.003, (40, 150), (0.5, 2.0), r"ftp_sensor|evap_press")
cause("fuel_level_sender", "Fuel level sender / float", "fuel", 0.004, (80, 400), (1.0, 3.0), r"fuel_level")
# boost
cause("boost_leak", "Boost leak (charge pipe, intercooler, coupler)", "air_fuel", 0.004, (20, 300), (0.5, 2.0), r"boost_leak|charge_pipe|intercooler")
cause("wastegate_fault", "Wastegate / boost control solenoid fault", "air_fuel", 0.003, (40, 500), (0.5, 3.0), r"wastegate|boost_solenoid|boost_control|vgt")
# idle / speed
# cooling
cause("thermostat_stuck_open", "Thermostat stuck open", "cooling", 0.02, (20, 80), (0.5, 2.0), r"thermostat_stuck_open|thermostat_open")
cause("thermostat_stuck_closed", "Thermostat stuck closed", "cooling", 0.006, (20, 80), (0.5, 2.0), r"thermostat_stuck_closed")
cause("coolant_leak", "Coolant leak (hose, radiator, water outlet) / low coolant", "cooling", 0.02, (10, 400), (0.5, 3.0), r"coolant_leak|coolant_low|coolant_level")
cause("water_pump", "Water pump leaking or impeller failed", "cooling", 0.006, (60, 300), (2.0, 5.0), r"water_pump")
cause("radiator_fan", "Radiator fan motor / relay / module failed", "cooling", 0.008, (30, 400), (0.5, 2.0), r"fan")
cause("radiator_clogged", "Radiator internally restricted", "cooling", 0.004, (120, 450), (1.5, 3.0), r"radiator")
# electrical
cause("battery_weak", "Battery weak / sulphated", "electrical", 0.04, (120, 250), (0.2, 0.5), r"battery_aged|battery_weak|battery_soc|battery_low")
cause("battery_cable", "Battery terminal / cable corroded or loose", "electrical", 0.01, (5, 60), (0.2, 1.0), r"battery_terminal|terminal_corrosion|ground_strap")
cause("alternator_failed", "Alternator undercharging / regulator failed", "electrical", 0.015, (200, 450), (1.0, 2.5),
      r"alternator|charging|field_circuit|brushes_worn|belt_slipping")
cause("parasitic_draw", "Parasitic draw (module not sleeping, light, aftermarket device)", "electrical", 0.008, (0, 200), (1.0, 4.0), r"parasitic|module_not_sleeping")
cause("starter_failed", "Starter motor / solenoid failed", "electrical", 0.01, (150, 450), (1.0, 3.0), r"starter")
cause("immobilizer", "Immobilizer / key transponder not recognised", "electrical", 0.004, (50, 400), (0.5, 2.0), r"immobili|transponder")
# transmission
cause("trans_fluid", "Transmission fluid low or degraded", "transmission", 0.01, (40, 200), (0.5, 1.5), r"atf|transmission_fluid|fluid_low|degraded_atf|dirty_atf")
cause("shift_solenoid", "Shift solenoid stuck / electrical", "transmission", 0.006, (60, 400), (1.0, 4.0), r"shift_solenoid|gear\d_circuit|pressure_control_solenoid")
cause("tcc_solenoid", "Torque-converter clutch solenoid / converter", "transmission", 0.004, (60, 1200), (1.0, 8.0), r"tcc|torque_converter")
cause("trans_range_sensor", "Transmission range sensor misadjusted / failed", "transmission", 0.003, (60, 250), (0.5, 2.0), r"range_sensor")
cause("trans_speed_sensor", "Transmission input/output speed sensor", "transmission", 0.004, (40, 200), (0.5, 2.0), r"input_speed|turbine_speed|speed_sensor")
cause("trans_internal_wear", "Transmission internal wear (clutch packs, valve body)", "transmission", 0.004, (1500, 4500), (8.0, 20.0),
      r"slippage|clutch_pack|clutch_slip|valve_body|clutch_wear|gearing_slip")
# brakes / chassis
cause("brake_pads_worn", "Brake pads worn to indicator", "brakes", 0.05, (40, 150), (0.8, 1.5))
cause("rotors_warped", "Brake rotors with excessive runout / thickness variation", "brakes", 0.02, (80, 300), (1.0, 2.0))
cause("caliper_sticking", "Brake caliper / slide pins seized", "brakes", 0.012, (60, 250), (1.0, 2.0))
cause("brake_hardware", "Brake hardware missing / worn (clips, shims)", "brakes", 0.01, (15, 60), (0.5, 1.0))
cause("brake_hose_collapsed", "Brake hose internally collapsed (caliper drags)", "brakes", 0.003, (25, 80), (0.7, 1.5))
cause("alignment_tire", "Alignment out / tire pull (conicity, pressure)", "chassis", 0.02, (0, 400), (1.0, 1.5))
cause("brake_booster_leak", "Brake booster diaphragm leaking", "brakes", 0.003, (150, 400), (1.5, 3.0), r"brake_booster")
# generic fallbacks (codes outside curated layer with no catalogue data)
cause("circuit_wiring_fault", "Wiring / connector fault in the code's circuit", "electrical", 0.01, (0, 100), (0.5, 3.0),
      r"wiring|connector|harness|open_circuit|short_to|wire_open|chafed")
cause("component_failed", "The component named by the code failed", "general", 0.01, (50, 500), (0.5, 3.0), r"sensor_failed|failed_sensor|actuator_failed")
cause("module_fault", "Control module fault / software", "electrical", 0.003, (200, 1200), (1.0, 3.0), r"module|software|tcm_subcode")

CIDS = {c["id"] for c in C}

# --------------------------------------------------------------------------
# codes
# --------------------------------------------------------------------------
CODES = {}


def code(c, *links, note=None):
    assert c not in CODES, c
    for cid, lr in links:
        assert cid in CIDS, (c, cid)
    CODES[c] = dict(code=c, links=[dict(cause=cid, lr=lr) for cid, lr in links])
    if note:
        CODES[c]["note"] = note


# VVT / cam timing
code("P0010", ("vvt_solenoid", 15), ("circuit_wiring_fault", 6), ("pcm_fault", 1.5))
code("P0020", ("vvt_solenoid", 15), ("circuit_wiring_fault", 6), ("pcm_fault", 1.5))
for c in ("P0011", "P0014", "P0021", "P0024"):
    code(c, ("vvt_solenoid", 10), ("oil_low_or_sludge", 10), ("cam_phaser", 8), ("timing_chain_stretched", 5))
for c in ("P0012", "P0015", "P0022", "P0025"):
    code(c, ("vvt_solenoid", 10), ("cam_phaser", 12), ("oil_low_or_sludge", 7), ("timing_chain_stretched", 5))
for c in ("P0013", "P0023"):
    code(c, ("vvt_solenoid", 15), ("circuit_wiring_fault", 6))
for c in ("P0016", "P0017", "P0018", "P0019"):
    code(c, ("timing_chain_stretched", 25), ("cam_phaser", 8), ("vvt_solenoid", 3), ("oil_low_or_sludge", 3),
         ("ckp_sensor", 2), ("cmp_sensor", 3))
# O2 heater circuits
for c in ("P0030", "P0031", "P0032", "P0036", "P0037", "P0038", "P0050", "P0051", "P0052", "P0056", "P0057", "P0058",
          "P0135", "P0141", "P0155", "P0161"):
    code(c, ("o2_heater", 20), ("o2_heater_circuit", 12), ("pcm_fault", 1.2))
# fuel pressure
code("P0087", ("fuel_pump_weak", 15), ("fuel_filter_clogged", 8), ("hpfp_worn", 10), ("fuel_pressure_regulator", 6),
     ("fuel_pressure_sensor", 4))
code("P0088", ("fuel_pressure_regulator", 15), ("fuel_pressure_sensor", 8), ("hpfp_worn", 3))
code("P0089", ("fuel_pressure_regulator", 15), ("hpfp_worn", 6), ("fuel_pressure_sensor", 5))
code("P0090", ("fuel_pressure_regulator", 8), ("circuit_wiring_fault", 8))
for c in ("P0091", "P0092"):
    code(c, ("fuel_pressure_regulator", 8), ("circuit_wiring_fault", 10))
code("P0093", ("fuel_pressure_regulator", 6), ("injector_leaking", 6), ("fuel_pressure_sensor", 3))
for c in ("P0190", "P0192", "P0193"):
    code(c, ("fuel_pressure_sensor", 20), ("circuit_wiring_fault", 8))
code("P0191", ("fuel_pressure_sensor", 15), ("fuel_pump_weak", 5), ("hpfp_worn", 4), ("fuel_pressure_regulator", 3))
# MAF / MAP / IAT / baro
code("P0100", ("maf_failed", 15), ("circuit_wiring_fault", 8))
code("P0101", ("maf_dirty", 15), ("vacuum_leak", 6), ("air_filter_clogged", 4), ("maf_failed", 4), ("pcv_fault", 3))
for c in ("P0102", "P0103", "P0104"):
    code(c, ("maf_failed", 15), ("circuit_wiring_fault", 8), ("maf_dirty", 1.5))
code("P0105", ("map_sensor", 12), ("circuit_wiring_fault", 8))
code("P0106", ("map_sensor", 10), ("vacuum_leak", 8), ("pcv_fault", 3), ("low_compression", 1.5))
for c in ("P0107", "P0108"):
    code(c, ("map_sensor", 15), ("circuit_wiring_fault", 10))
for c in ("P0110", "P0111", "P0112", "P0113"):
    code(c, ("iat_sensor", 18), ("circuit_wiring_fault", 8), ("maf_failed", 3))
# ECT / thermostat
code("P0115", ("ect_sensor", 15), ("circuit_wiring_fault", 8))
code("P0116", ("ect_sensor", 12), ("thermostat_stuck_open", 6), ("coolant_leak", 2))
for c in ("P0117", "P0118", "P0119"):
    code(c, ("ect_sensor", 18), ("circuit_wiring_fault", 8))
code("P0125", ("thermostat_stuck_open", 15), ("ect_sensor", 6), ("coolant_leak", 3))
code("P0128", ("thermostat_stuck_open", 30), ("ect_sensor", 5), ("coolant_leak", 2), ("radiator_fan", 2))
code("P0217", ("coolant_leak", 10), ("thermostat_stuck_closed", 10), ("radiator_fan", 8), ("water_pump", 6), ("head_gasket", 4),
     ("radiator_clogged", 5))
# TPS / throttle
code("P0120", ("tps_sensor", 15), ("circuit_wiring_fault", 8))
code("P0121", ("tps_sensor", 12), ("throttle_body_dirty", 6), ("circuit_wiring_fault", 3))
for c in ("P0122", "P0123", "P0220", "P0222", "P0223"):
    code(c, ("tps_sensor", 15), ("circuit_wiring_fault", 8))
code("P0221", ("tps_sensor", 12), ("throttle_body_dirty", 5))
code("P2135", ("tps_sensor", 15), ("circuit_wiring_fault", 6), ("throttle_body_dirty", 2))
code("P2101", ("tps_sensor", 10), ("throttle_body_dirty", 8), ("circuit_wiring_fault", 4))
code("P2111", ("throttle_body_dirty", 12), ("tps_sensor", 8))
code("P2112", ("throttle_body_dirty", 10), ("tps_sensor", 8))
# O2 sensors (upstream S1, downstream S2)
UP1 = ["P0130", "P0131", "P0132", "P0133", "P0134"]
UP2 = ["P0150", "P0151", "P0152", "P0153", "P0154"]
DN1 = ["P0136", "P0137", "P0138", "P0139", "P0140"]
DN2 = ["P0156", "P0157", "P0158", "P0159", "P0160"]
for grp in (UP1, UP2):
    code(grp[0], ("o2_upstream_aged", 10), ("o2_wiring", 8), ("exhaust_leak_pre_o2", 3))
    code(grp[1], ("o2_upstream_aged", 6), ("exhaust_leak_pre_o2", 8), ("vacuum_leak", 4), ("o2_wiring", 5), ("fuel_pump_weak", 2))
    code(grp[2], ("o2_upstream_aged", 8), ("o2_wiring", 6), ("injector_leaking", 3), ("fuel_pressure_regulator", 2))
    code(grp[3], ("o2_upstream_aged", 20), ("exhaust_leak_pre_o2", 4), ("o2_wiring", 2))
    code(grp[4], ("o2_upstream_aged", 10), ("o2_wiring", 10), ("o2_heater", 3))
for grp in (DN1, DN2):
    code(grp[0], ("o2_downstream", 12), ("o2_wiring", 8), ("exhaust_leak_pre_o2", 3))
    code(grp[1], ("o2_downstream", 10), ("exhaust_leak_pre_o2", 8), ("o2_wiring", 4), ("catalyst_failed", 2))
    code(grp[2], ("o2_downstream", 12), ("o2_wiring", 5), ("injector_leaking", 2))
    code(grp[3], ("o2_downstream", 18), ("exhaust_leak_pre_o2", 3))
    code(grp[4], ("o2_downstream", 10), ("o2_wiring", 10))
for c in ("P2096", "P2098"):
    code(c, ("exhaust_leak_pre_o2", 12), ("o2_downstream", 6), ("catalyst_failed", 3), ("vacuum_leak", 2))
for c in ("P2097", "P2099"):
    code(c, ("o2_downstream", 8), ("o2_upstream_aged", 5), ("catalyst_failed", 4), ("injector_leaking", 3))
for c in ("P2195", "P2197"):
    code(c, ("o2_upstream_aged", 12), ("vacuum_leak", 6), ("exhaust_leak_pre_o2", 6), ("fuel_pump_weak", 3))
for c in ("P2196", "P2198"):
    code(c, ("o2_upstream_aged", 12), ("injector_leaking", 4), ("fuel_pressure_regulator", 3))
for c in ("P2270", "P2272"):
    code(c, ("o2_downstream", 12), ("exhaust_leak_pre_o2", 8), ("catalyst_failed", 2))
for c in ("P2271", "P2273"):
    code(c, ("o2_downstream", 12), ("injector_leaking", 3))
# fuel trim
for c in ("P0171", "P0174"):
    code(c, ("vacuum_leak", 14), ("pcv_fault", 8), ("maf_dirty", 10), ("fuel_pump_weak", 8), ("fuel_filter_clogged", 5),
         ("injector_clogged", 5), ("exhaust_leak_pre_o2", 4), ("fuel_pressure_regulator", 3), ("o2_upstream_aged", 2),
         ("boost_leak", 3), ("map_sensor", 2))
for c in ("P0172", "P0175"):
    code(c, ("injector_leaking", 10), ("fuel_pressure_regulator", 10), ("maf_failed", 5), ("evap_purge_valve", 6),
         ("o2_upstream_aged", 4), ("air_filter_clogged", 3), ("ect_sensor", 3), ("map_sensor", 3))
code("P0170", ("vacuum_leak", 6), ("maf_dirty", 5), ("fuel_pump_weak", 5), ("injector_leaking", 4))
code("P0173", ("vacuum_leak", 6), ("maf_dirty", 5), ("fuel_pump_weak", 5), ("injector_leaking", 4))
for c in ("P2187", "P2189"):
    code(c, ("vacuum_leak", 18), ("pcv_fault", 12), ("maf_dirty", 3), ("evap_purge_valve", 2))
for c in ("P2188", "P2190"):
    code(c, ("injector_leaking", 8), ("evap_purge_valve", 8), ("fuel_pressure_regulator", 6))
# injectors
code("P0200", ("injector_circuit", 10), ("circuit_wiring_fault", 8), ("pcm_fault", 3))
for n in range(1, 9):
    code(f"P020{n}", ("injector_circuit", 25), ("circuit_wiring_fault", 5), ("pcm_fault", 2))
code("P0261", ("injector_circuit", 20), ("circuit_wiring_fault", 6))
code("P0262", ("injector_circuit", 20), ("circuit_wiring_fault", 6))
# boost
code("P0234", ("wastegate_fault", 20), ("map_sensor", 3))
code("P0299", ("boost_leak", 15), ("wastegate_fault", 10), ("air_filter_clogged", 2))
# misfire
code("P0300", ("spark_plugs_worn", 12), ("ignition_coil", 4), ("vacuum_leak", 8), ("fuel_pump_weak", 6), ("injector_clogged", 4),
     ("timing_chain_stretched", 3), ("low_compression", 3), ("maf_dirty", 3), ("afm_lifter", 6), ("oil_consumption_rings", 5),
     ("carbon_buildup", 5), ("pcv_fault", 3), ("egr_stuck_open", 4), ("ckp_sensor", 2), ("head_gasket", 3))
for n in range(1, 9):
    code(f"P030{n}", ("ignition_coil", 20), ("spark_plugs_worn", 10), ("injector_clogged", 8), ("injector_circuit", 3),
         ("low_compression", 6), ("ignition_coil_circuit", 4), ("afm_lifter", 8), ("carbon_buildup", 5), ("head_gasket", 3),
         ("oil_consumption_rings", 4), ("vacuum_leak", 2))
code("P0316", ("spark_plugs_worn", 6), ("ignition_coil", 5), ("fuel_pump_weak", 4), ("vacuum_leak", 4))
# knock
for c in ("P0325", "P0327", "P0328", "P0330", "P0332", "P0333"):
    code(c, ("knock_sensor", 18), ("circuit_wiring_fault", 8))
code("P0326", ("knock_sensor", 12), ("circuit_wiring_fault", 5), ("oil_low_or_sludge", 1.5))
code("P0331", ("knock_sensor", 12), ("circuit_wiring_fault", 5))
# crank / cam sensors
for c in ("P0335", "P0336", "P0337", "P0338", "P0339"):
    code(c, ("ckp_sensor", 25), ("circuit_wiring_fault", 8), ("timing_chain_stretched", 2))
for c in ("P0340", "P0342", "P0343", "P0345", "P0347", "P0348", "P0365", "P0366", "P0390", "P0391"):
    code(c, ("cmp_sensor", 22), ("circuit_wiring_fault", 8), ("timing_chain_stretched", 3))
for c in ("P0341", "P0344", "P0346", "P0349"):
    code(c, ("cmp_sensor", 12), ("timing_chain_stretched", 10), ("vvt_solenoid", 3), ("circuit_wiring_fault", 4))
# ignition coil primary
code("P0350", ("ignition_coil_circuit", 10), ("ignition_coil", 8))
for n in range(1, 9):
    code(f"P035{n}", ("ignition_coil", 18), ("ignition_coil_circuit", 14), ("pcm_fault", 2))
# EGR
code("P0400", ("egr_clogged", 10), ("egr_electrical", 8))
code("P0401", ("egr_clogged", 20), ("egr_electrical", 8))
code("P0402", ("egr_stuck_open", 15), ("egr_electrical", 8))
for c in ("P0403", "P0404"):
    code(c, ("egr_electrical", 18), ("egr_clogged", 4), ("circuit_wiring_fault", 6))
for c in ("P0405", "P0406"):
    code(c, ("egr_electrical", 20), ("circuit_wiring_fault", 8))
# secondary air
for c in ("P0410", "P0411", "P0412", "P0418"):
    code(c, ("secondary_air", 20), ("circuit_wiring_fault", 5))
# catalyst
for c in ("P0420", "P0430"):
    code(c, ("catalyst_failed", 20), ("o2_downstream", 4), ("o2_upstream_aged", 3), ("exhaust_leak_pre_o2", 4),
         ("oil_consumption_rings", 3), ("ignition_coil", 1.5), ("spark_plugs_worn", 1.5))
for c in ("P0421", "P0431"):
    code(c, ("catalyst_failed", 18), ("exhaust_leak_pre_o2", 3), ("o2_downstream", 3))
# EVAP
code("P0440", ("gas_cap", 8), ("evap_leak_hose", 8), ("evap_purge_valve", 4), ("evap_vent_valve", 6))
code("P0441", ("evap_purge_valve", 20), ("evap_leak_hose", 4))
code("P0442", ("gas_cap", 8), ("evap_leak_hose", 10), ("evap_purge_valve", 6), ("evap_vent_valve", 5))
for c in ("P0443", "P0444", "P0445", "P0458", "P0459"):
    code(c, ("evap_purge_valve", 18), ("circuit_wiring_fault", 8))
code("P0446", ("evap_vent_valve", 20), ("circuit_wiring_fault", 4), ("evap_leak_hose", 2))
for c in ("P0447", "P0448", "P0449"):
    code(c, ("evap_vent_valve", 18), ("circuit_wiring_fault", 8))
for c in ("P0450", "P0451", "P0452", "P0453"):
    code(c, ("fuel_tank_pressure_sensor", 18), ("circuit_wiring_fault", 6))
code("P0455", ("gas_cap", 15), ("evap_leak_hose", 12), ("evap_vent_valve", 5), ("evap_purge_valve", 3))
code("P0456", ("gas_cap", 8), ("evap_purge_valve", 8), ("evap_leak_hose", 8), ("evap_vent_valve", 4))
code("P0457", ("gas_cap", 25), ("evap_leak_hose", 3))
code("P0496", ("evap_purge_valve", 22), ("circuit_wiring_fault", 2))
code("P0497", ("evap_purge_valve", 15), ("evap_leak_hose", 4))
for c in ("P0460", "P0461", "P0462", "P0463"):
    code(c, ("fuel_level_sender", 20), ("circuit_wiring_fault", 6))
# cooling fan
for c in ("P0480", "P0481"):
    code(c, ("radiator_fan", 20), ("circuit_wiring_fault", 6))
# speed / idle
code("P0500", ("vss_sensor", 20), ("circuit_wiring_fault", 6), ("module_fault", 2))
code("P0501", ("vss_sensor", 15), ("alignment_tire", 1.5))
code("P0505", ("iac_valve", 15), ("throttle_body_dirty", 12), ("vacuum_leak", 5))
code("P0506", ("throttle_body_dirty", 15), ("iac_valve", 10), ("air_filter_clogged", 2))
code("P0507", ("vacuum_leak", 15), ("throttle_body_dirty", 6), ("iac_valve", 8), ("pcv_fault", 6), ("brake_booster_leak", 6))
# voltage / module
code("P0560", ("battery_cable", 6), ("alternator_failed", 8), ("battery_weak", 6))
code("P0562", ("alternator_failed", 12), ("battery_weak", 10), ("battery_cable", 8))
code("P0563", ("alternator_failed", 15), ("battery_cable", 3))
for c in ("P0600", "P0601", "P0602", "P0603", "P0604", "P0605", "P0606"):
    code(c, ("pcm_fault", 25), ("battery_weak", 2), ("battery_cable", 2), ("circuit_wiring_fault", 3))
# transmission
code("P0700", ("trans_fluid", 5), ("shift_solenoid", 6), ("trans_speed_sensor", 4), ("trans_internal_wear", 4), ("tcc_solenoid", 3),
     ("trans_range_sensor", 3), ("module_fault", 3))
for c in ("P0705", "P0706", "P0707", "P0708"):
    code(c, ("trans_range_sensor", 20), ("circuit_wiring_fault", 6))
for c in ("P0710", "P0711", "P0712", "P0713"):
    code(c, ("component_failed", 12), ("circuit_wiring_fault", 8), ("trans_fluid", 2))
for c in ("P0715", "P0716", "P0717", "P0720", "P0721", "P0722"):
    code(c, ("trans_speed_sensor", 20), ("circuit_wiring_fault", 6), ("trans_internal_wear", 2))
code("P0725", ("ckp_sensor", 4), ("circuit_wiring_fault", 5), ("module_fault", 2))
code("P0730", ("trans_internal_wear", 12), ("trans_fluid", 10), ("shift_solenoid", 8), ("trans_speed_sensor", 3))
for c in ("P0731", "P0732", "P0733", "P0734", "P0735"):
    code(c, ("trans_internal_wear", 14), ("trans_fluid", 9), ("shift_solenoid", 6))
code("P0740", ("tcc_solenoid", 18), ("circuit_wiring_fault", 6), ("trans_fluid", 3))
code("P0741", ("tcc_solenoid", 15), ("trans_fluid", 8), ("trans_internal_wear", 4))
for c in ("P0742", "P0743", "P0744"):
    code(c, ("tcc_solenoid", 15), ("circuit_wiring_fault", 6), ("trans_fluid", 2))
for c in ("P0750", "P0751", "P0753", "P0755", "P0756", "P0758", "P0760", "P0761", "P0763", "P0765", "P0768"):
    code(c, ("shift_solenoid", 20), ("circuit_wiring_fault", 6), ("trans_fluid", 3))
for c in ("P0752", "P0757", "P0762", "P0767"):
    code(c, ("shift_solenoid", 15), ("trans_fluid", 6), ("trans_internal_wear", 3))
code("P0776", ("shift_solenoid", 10), ("trans_fluid", 6), ("trans_internal_wear", 6))
code("P0868", ("trans_fluid", 12), ("trans_internal_wear", 5), ("component_failed", 4))

# --------------------------------------------------------------------------
# code families for codes outside the curated list (SAE J2012 groupings)
# --------------------------------------------------------------------------
FAMILIES = [
    dict(id="misfire_cyl", from_code="P0309", to_code="P0312", name="cylinder-specific misfire",
         links=[["ignition_coil", 12], ["spark_plugs_worn", 8], ["injector_clogged", 6], ["low_compression", 4]]),
    dict(id="o2_circuits", from_code="P0130", to_code="P0167", name="O2 sensor circuits",
         links=[["o2_upstream_aged", 6], ["o2_downstream", 6], ["o2_wiring", 6], ["o2_heater", 4]]),
    dict(id="o2_heater_ctrl", from_code="P0030", to_code="P0064", name="O2 heater control",
         links=[["o2_heater", 12], ["o2_heater_circuit", 8]]),
    dict(id="injector_circuits", from_code="P0200", to_code="P0212", name="injector circuits",
         links=[["injector_circuit", 15], ["circuit_wiring_fault", 6]]),
    dict(id="coil_primary", from_code="P0350", to_code="P0362", name="ignition coil primary/secondary",
         links=[["ignition_coil", 12], ["ignition_coil_circuit", 10]]),
    dict(id="evap", from_code="P0440", to_code="P0459", name="EVAP system",
         links=[["evap_purge_valve", 5], ["evap_vent_valve", 5], ["evap_leak_hose", 5], ["gas_cap", 4]]),
    dict(id="vvt", from_code="P0010", to_code="P0029", name="cam timing / VVT",
         links=[["vvt_solenoid", 8], ["oil_low_or_sludge", 5], ["cam_phaser", 5]]),
    dict(id="cam_crank", from_code="P0335", to_code="P0349", name="crank/cam position",
         links=[["ckp_sensor", 8], ["cmp_sensor", 8], ["circuit_wiring_fault", 5]]),
    dict(id="knock", from_code="P0324", to_code="P0334", name="knock sensor",
         links=[["knock_sensor", 12], ["circuit_wiring_fault", 6]]),
    dict(id="trans", from_code="P0700", to_code="P0799", name="transmission",
         links=[["shift_solenoid", 5], ["trans_fluid", 4], ["trans_internal_wear", 3], ["circuit_wiring_fault", 4]]),
    dict(id="cooling_p02", from_code="P0215", to_code="P0219", name="engine overtemp / shutoff",
         links=[["coolant_leak", 4], ["thermostat_stuck_closed", 4]]),
]

# --------------------------------------------------------------------------
# symptoms
# --------------------------------------------------------------------------
SYMPTOMS = [
    dict(tag="crank_no_start", phrases=['crank* … will not start', 'crank* … does not start', 'crank* … will not fire', 'crank* … will not catch', 'crank* … will not run', 'crank* … not start*', 'crank* … not fir*', 'crank* … no start', 'crank no start', 'cranks no start', 'crank* fine', 'turns over … will not start', 'turns over … does not start', 'turns over … will not fire', 'turns over … will not catch', 'turns over … not start*', 'turns over … no start', 'turns over fine', 'turns over but', 'spins over … will not start', 'will not fire', 'will not catch', 'cranks and cranks', 'crank* forever', 'crank* but dies', 'starts and dies', 'starts then dies', 'starts then stalls', 'fires and dies', 'long crank', 'extended crank', 'cranks a long time', 'hard start*', 'hard to start', 'takes several tries to start', 'several tries to start', 'multiple tries to start'],
         unexplained_lr=0.3,
         links=[["fuel_pump_failed", 20], ["fuel_pump_relay", 12], ["ckp_sensor", 12], ["immobilizer", 8],
                ["timing_chain_stretched", 4], ["fuel_pump_weak", 3], ["cmp_sensor", 3], ["head_gasket", 1.5]]),
    dict(tag="no_crank", phrases=['no crank', 'not crank*', 'will not crank', 'does not crank', 'will not turn over', 'does not turn over', 'not turn* over', 'just click*', 'click* … no crank', 'click* … will not crank', 'click* … not crank*', 'click* but', 'single click', 'starter clicks', 'clicking when', 'nothing when i turn the key', 'nothing happens when i turn the key', 'dead battery', 'battery is dead', 'battery was dead', 'battery dead', 'starter does nothing', 'starter will not engage', 'no start no crank', 'completely dead'],
         unexplained_lr=0.3,
         links=[["battery_weak", 20], ["starter_failed", 15], ["battery_cable", 10], ["parasitic_draw", 4], ["alternator_failed", 4],
                ["trans_range_sensor", 3]]),
    dict(tag="no_start", phrases=['no start', 'will not start', 'does not start', 'did not start', 'can not start', 'not start*', 'fails to start', 'failed to start', 'will not restart', 'would not restart', 'not restart*', 'unable to restart', 'hard to restart', 'stranded'],
         unexplained_lr=0.4,
         links=[["battery_weak", 8], ["starter_failed", 5], ["fuel_pump_failed", 8], ["ckp_sensor", 5], ["battery_cable", 5],
                ["fuel_pump_relay", 5], ["immobilizer", 4], ["trans_range_sensor", 2]]),
    dict(tag="rough_idle", phrases=['rough idle', 'idles rough', 'idle* rough', 'rough at idle', 'rough running at idle', 'shak* at idle', 'shak* at stop*', 'shak* at a stop*', 'shak* at lights', 'vibrat* at idle', 'vibrat* at stop*', 'stumble* at idle', 'lumpy idle', 'idle is lumpy', 'unstable idle', 'idle unstable', 'idle is unstable', 'idle is unsteady', 'unsteady idle', 'idle hunts', 'hunting idle', 'idle surg*', 'surging idle', 'surg* idle', 'surg* at idle', 'idle fluctuat*', 'erratic idle', 'poor idle', 'bad idle', 'idle* poorly', 'runs rough', 'running rough', 'ran rough', 'run* rough', 'rough running', 'shak*', 'shudder* at idle'],
         unexplained_lr=0.6,
         links=[["vacuum_leak", 4], ["spark_plugs_worn", 4], ["ignition_coil", 4], ["throttle_body_dirty", 4], ["iac_valve", 3],
                ["injector_clogged", 3], ["egr_stuck_open", 4], ["pcv_fault", 3], ["maf_dirty", 2], ["low_compression", 2],
                ["carbon_buildup", 3], ["afm_lifter", 2], ["egr_clogged", 2]]),
    dict(tag="misfire_felt", phrases=['misfir*', 'miss', 'a miss', 'is missing', 'feels like it is missing', 'missing at idle', 'skipping', 'stumble*', 'stumbling', 'sputter*', 'running on 3', 'not running on all cylinders', 'flashing check engine', 'flashing cel', 'flashing mil', 'check engine light flashing', 'engine light flashing', 'cel flashing', 'cel is flashing', 'light is flashing', 'flashing engine light', 'blinking check engine', 'buck*', 'jerk*', 'chugg*'],
         unexplained_lr=0.6,
         links=[["ignition_coil", 4], ["spark_plugs_worn", 4], ["injector_clogged", 2], ["low_compression", 2], ["afm_lifter", 2],
                ["vacuum_leak", 1.5]]),
    dict(tag="stalling", phrases=['stall*', 'dies at', 'dies when', 'dies at stop*', 'died at', 'died when', 'died pulling', 'died once', 'dies coming to a stop', 'dies while', 'dies on', 'quits', 'quit while', 'quit running', 'shuts off', 'shut off while', 'cuts out', 'cut out', 'engine dies', 'engine died', 'dies', 'died', 'stops running'],
         unexplained_lr=0.6,
         links=[["throttle_body_dirty", 5], ["iac_valve", 5], ["vacuum_leak", 3], ["fuel_pump_weak", 3], ["maf_dirty", 3],
                ["ckp_sensor", 3], ["egr_stuck_open", 4], ["tcc_solenoid", 3]]),
    dict(tag="hesitation", phrases=['hesitat*', 'bog*', 'stumble* on acceleration', 'stumble* when accelerat*', 'stumbles when i accelerate', 'sluggish', 'lack of power', 'lacks power', 'no power', 'loss of power', 'lost power', 'losing power', 'low power', 'reduced power', 'reduced engine power', 'limp mode', 'limp home', 'flat spot', 'slow to accelerate', 'poor acceleration', 'weak acceleration', 'does not accelerate', 'will not accelerate', 'gutless', 'no pickup', 'no get up and go', 'dog* when'],
         unexplained_lr=0.7,
         links=[["maf_dirty", 4], ["fuel_pump_weak", 4], ["tps_sensor", 3], ["fuel_filter_clogged", 3], ["ignition_coil", 2],
                ["spark_plugs_worn", 2], ["catalyst_failed", 2], ["boost_leak", 3], ["vacuum_leak", 2], ["air_filter_clogged", 2]]),
    dict(tag="poor_fuel_economy", phrases=['fuel economy', 'gas mileage', 'poor mileage', 'bad mileage', 'mileage dropped', 'mileage is down', 'mpg', 'using more fuel', 'using more gas', 'drinks fuel', 'burning more gas', 'burns more gas', 'guzzl*', 'fuel consumption'],
         unexplained_lr=0.8,
         links=[["thermostat_stuck_open", 3], ["o2_upstream_aged", 3], ["injector_leaking", 2], ["ect_sensor", 2], ["spark_plugs_worn", 1.5],
                ["caliper_sticking", 1.5]]),
    dict(tag="overheating", phrases=['overheat*', 'over heat*', 'running hot', 'runs hot', 'ran hot', 'run* hot', 'temp gauge high', 'temperature gauge high', 'gauge high', 'temp* gauge climb*', 'gauge climbing', 'gauge rising', 'gauge goes up', 'into the red', 'gauge in the red', 'temp* in the red', 'temp* climbing', 'temperature rising', 'temperature high', 'hot light', 'temp light', 'temperature warning', 'overheating warning', 'boiling', 'boiled over', 'boils over', 'steam*', 'red line on temp*', 'hot temp*'],
         unexplained_lr=0.3,
         links=[["coolant_leak", 12], ["thermostat_stuck_closed", 10], ["radiator_fan", 10], ["water_pump", 8], ["head_gasket", 6],
                ["radiator_clogged", 6]]),
    dict(tag="no_heat", phrases=['no heat', 'heater blows cold', 'heater cold', 'heater not working', 'heater does not work', 'no hot air', 'blows cold air', 'cold air from the heater', 'temp gauge low', 'gauge stays low', 'gauge stays cold', 'takes forever to warm', 'never warms up', 'does not warm up', 'will not warm up', 'slow to warm up', 'runs cold'],
         unexplained_lr=0.4,
         links=[["thermostat_stuck_open", 15], ["coolant_leak", 4], ["ect_sensor", 3]]),
    dict(tag="battery_drain", phrases=['battery drain*', 'drains the battery', 'drain* battery', 'battery dies overnight', 'dead in the morning', 'dead every morning', 'dead battery every morning', 'battery keeps dying', 'keeps killing the battery', 'kills the battery', 'battery goes flat', 'battery keeps going flat', 'goes flat overnight', 'flat battery', 'needs a jump', 'need* jump*', 'jump start*', 'jumped', 'battery dies', 'battery died', 'parasitic draw', 'parasitic drain', 'draw on the battery'],
         unexplained_lr=0.3,
         links=[["parasitic_draw", 14], ["battery_weak", 10], ["alternator_failed", 6], ["battery_cable", 3]]),
    dict(tag="charging_warning", phrases=['battery light', 'battery warning', 'charging light', 'charge light', 'charging warning', 'charging system warning', 'alternator light', 'gen light', 'lights dim', 'dim lights', 'lights are dim', 'headlights dim', 'dimming', 'lights flicker', 'not charging', 'no charge', 'alternator', 'voltmeter low', 'volt gauge low'],
         unexplained_lr=0.4,
         links=[["alternator_failed", 15], ["battery_cable", 4], ["battery_weak", 3]]),
    dict(tag="brake_noise", phrases=['squeal*', 'squeak*', 'grind*', 'brake noise', 'noise when braking', 'noise when stopping', 'noise when i brake', 'brakes squeal', 'brakes grind', 'brakes are noisy', 'noisy brakes', 'metal on metal', 'scraping when braking', 'screech*'],
         unexplained_lr=0.3,
         links=[["brake_pads_worn", 12], ["brake_hardware", 6], ["rotors_warped", 2], ["caliper_sticking", 3]]),
    dict(tag="brake_pull", phrases=['pull* when braking', 'pull* when i brake', 'pull* … when i brake', 'pull* under braking', 'pull* when stopping', 'pull* to the left when', 'pull* to the right when', 'brake pull', 'brakes pull', 'pull* left', 'pull* right', 'pulls to one side', 'pull* to the', 'veer* when braking', 'darts when braking', 'drift*'],
         unexplained_lr=0.3,
         links=[["caliper_sticking", 12], ["brake_hose_collapsed", 8], ["alignment_tire", 6], ["brake_pads_worn", 2]]),
    dict(tag="brake_pulsation", phrases=['pulsat*', 'steering wheel shakes when braking', 'steering wheel shake* … brak*', 'shakes when braking', 'shak* when i brake', 'shudder* when braking', 'shudder* when stopping', 'vibrat* when braking', 'vibrat* when stopping', 'vibration when braking', 'pedal pulses', 'pedal vibrates', 'warped rotor*', 'rotors are warped'],
         unexplained_lr=0.3,
         links=[["rotors_warped", 18], ["caliper_sticking", 3], ["brake_pads_worn", 1.5]]),
    dict(tag="transmission_slip", phrases=['slip*', 'flare*', 'rpm flares', 'revs up between', 'revs up … shift*', 'revs … like it is in neutral', 'like it is in neutral', 'no reverse', 'will not go into reverse', 'delayed engagement', 'delay* into drive', 'delay* into gear', 'slow to engage', 'will not go into gear', 'no drive', 'will not move', 'does not move in drive', 'shudder* at 40', 'shudder* at 30', 'shudder* at 45', 'shudder* at 50', 'shudder* between', 'shudder* at highway', 'shudders and shakes pulling away', 'shudder* pulling away', 'judder*', 'rumble strips', 'washboard', 'torque converter shudder', 'whining … transmission', 'grinding … transmission', 'noise from the transmission', 'transmission noise'],
         unexplained_lr=0.4,
         links=[["trans_fluid", 6], ["trans_internal_wear", 8], ["shift_solenoid", 4], ["tcc_solenoid", 2]]),
    dict(tag="harsh_shift", phrases=['harsh shift*', 'hard shift*', 'shifts hard', 'shifts harsh', 'harsh shifting', 'slams into gear', 'bangs into gear', 'clunk* into gear', 'limp mode', 'stuck in gear', 'stuck in 2nd', 'stuck in third', 'erratic shift*', 'shifts funny', 'shifts late', 'late shift*', 'shift* erratically', 'will not upshift', 'does not upshift', 'will not shift'],
         unexplained_lr=0.4,
         links=[["shift_solenoid", 8], ["trans_fluid", 4], ["trans_speed_sensor", 3], ["trans_range_sensor", 3], ["vss_sensor", 2],
                ["trans_internal_wear", 2]]),
    dict(tag="fuel_smell", phrases=['fuel smell', 'gas smell', 'smell* like gas', 'smell* of gas', 'smell* of fuel', 'smell* like fuel', 'smell* fuel', 'smell* gas', 'raw fuel', 'gasoline smell'],
         unexplained_lr=0.6,
         links=[["gas_cap", 3], ["evap_leak_hose", 4], ["injector_leaking", 4], ["evap_purge_valve", 2], ["fuel_pressure_regulator", 3]]),
    dict(tag="engine_noise_ticking", phrases=['tick*', 'tapping', 'tap* noise', 'click* from the engine', 'click* at idle', 'clicking noise from the engine', 'rattle on start*', 'rattle at start*', 'rattle on cold start', 'rattle* when cold', 'startup rattle', 'chain rattle', 'knock*', 'clatter*', 'valve noise', 'lifter noise', 'lifter tick', 'noisy lifter*', 'chirp from the engine', 'diesel sound', 'sounds like a diesel'],
         unexplained_lr=0.7,
         links=[["cam_phaser", 6], ["timing_chain_stretched", 5], ["afm_lifter", 5], ["oil_low_or_sludge", 4], ["exhaust_leak_pre_o2", 3]]),
    dict(tag="oil_consumption", phrases=['burning oil', 'burns oil', 'uses oil', 'using oil', 'eats oil', 'oil consumption', 'consumes oil', 'adding oil', 'add oil', 'topping up the oil', 'topping it up', 'keep topping', 'low on oil', 'oil is low', 'oil level low', 'quart*', 'blue smoke', 'smoke on start*', 'oil light flicker*', 'low oil light'],
         unexplained_lr=0.7,
         links=[["oil_consumption_rings", 12], ["pcv_fault", 3], ["oil_low_or_sludge", 3]]),
    dict(tag="coolant_loss", phrases=['losing coolant', 'loses coolant', 'lost coolant', 'coolant loss', 'low coolant', 'coolant low', 'coolant level keeps dropping', 'coolant keeps dropping', 'coolant dropping', 'coolant leak*', 'leaking coolant', 'leaks coolant', 'sweet smell', 'smells sweet', 'smell* sweet', 'smell* like antifreeze', 'smell* of antifreeze', 'antifreeze smell', 'syrup smell', 'maple syrup', 'white smoke', 'steam from the tailpipe', 'antifreeze', 'coolant on the ground', 'green puddle', 'puddle of coolant', 'keep adding coolant', 'coolant topped up', 'need* coolant', 'add* coolant'],
         unexplained_lr=0.5,
         links=[["coolant_leak", 10], ["head_gasket", 6], ["water_pump", 5]]),
    dict(tag="check_engine_light_only", phrases=['check engine light', 'check engine', 'engine light', 'cel', 'cel on', 'mil', 'mil on', 'ses light', 'service engine soon', 'service engine light', 'engine warning light', 'emissions light', 'malfunction indicator', 'light came on', 'engine lamp'],
         unexplained_lr=1.0,
         links=[["gas_cap", 1.5], ["catalyst_failed", 1.3], ["o2_heater", 1.3]]),
]

# --------------------------------------------------------------------------
# words: how the shop's free text is read (crates/diagnosis/src/words.rs)
#   contractions  - token → words ("won't" → "will not"), applied before matching
#   negations     - cue words; a phrase starting within 3 words after a cue, in
#                   the same clause, is negated ("no misfire codes", "does not overheat")
#   breaks        - words that end a clause for negation (punctuation does too)
#   readings      - measurements written in notes: a key phrase, then a number
#                   within 4 words in the same clause, then a unit; each unit row
#                   names the reading it fills and converts (value × factor + offset).
#                   Unit "" = a bare number is accepted. Rows are tried in order and
#                   a number is used once, so bank-2 rows come before bank-1 rows.
# Phrase syntax (symptom phrases, reading keys): words separated by spaces,
# "word*" matches any word starting with "word", "…" skips up to 4 words.
# --------------------------------------------------------------------------
PCT = [["%", 1, 0], ["percent", 1, 0], ["", 1, 0]]
WORDS = dict(
    contractions=[["won't", "will not"], ["wont", "will not"], ["can't", "can not"], ["cant", "can not"], ["cannot", "can not"],
                  ["doesn't", "does not"], ["doesnt", "does not"], ["don't", "do not"], ["dont", "do not"],
                  ["didn't", "did not"], ["didnt", "did not"], ["isn't", "is not"], ["isnt", "is not"],
                  ["wasn't", "was not"], ["wasnt", "was not"], ["wouldn't", "would not"], ["wouldnt", "would not"],
                  ["hasn't", "has not"], ["haven't", "have not"], ["it's", "it is"], ["its", "it is"], ["there's", "there is"],
                  ["i'm", "i am"], ["i've", "i have"], ["that's", "that is"]],
    negations=["no", "not", "never", "without", "nor", "denies", "zero"],
    breaks=["but", "and", "then", "so", "although", "though", "however", "also", "plus", "yet"],
    readings=[
        dict(keys=["ltft b2", "ltft bank 2", "bank 2 ltft", "ltft2", "long term fuel trim b2", "long term fuel trim bank 2", "long term trim bank 2", "lt trim b2"],
             units=[[u, "ltft_b2", f, o] for u, f, o in PCT]),
        dict(keys=["stft b2", "stft bank 2", "bank 2 stft", "stft2", "short term fuel trim bank 2"],
             units=[[u, "stft_b2", f, o] for u, f, o in PCT]),
        dict(keys=["ltft", "ltft b1", "ltft bank 1", "ltft1", "long term fuel trim", "long term trim", "long term", "lt trim", "lt fuel trim", "fuel trim",
                   "fuel trims", "long term fuel trims", "long term trims", "trims"],
             units=[[u, "ltft_b1", f, o] for u, f, o in PCT]),
        # the trim held at 2500 rpm, written after its number ("+3 % at 2500 rpm"); a unit is required
        dict(keys=["at 2500", "at 2500 rpm", "at 2500rpm", "2500 rpm", "held at 2500"],
             units=[["%", "ltft_b1_2500", 1, 0], ["percent", "ltft_b1_2500", 1, 0]]),
        dict(keys=["stft", "stft b1", "stft1", "short term fuel trim", "short term trim", "short term", "st trim"],
             units=[[u, "stft_b1", f, o] for u, f, o in PCT]),
        dict(keys=["fuel pressure", "fuel press", "fuel pump pressure", "pump pressure", "key on pressure", "fp"],
             units=[["psi", "fuel_pressure_psi", 1, 0], ["kpa", "fuel_pressure_kpa", 1, 0], ["bar", "fuel_pressure_kpa", 100, 0]]),
        dict(keys=["cranking", "while cranking", "during crank", "cranking voltage", "crank voltage", "on crank"],
             units=[["v", "cranking_v", 1, 0], ["volts", "cranking_v", 1, 0], ["volt", "cranking_v", 1, 0]]),
        dict(keys=["charging", "charging voltage", "charging at", "alternator output", "alternator", "running", "engine running", "at 2000 rpm"],
             units=[["v", "charging_v", 1, 0], ["volts", "charging_v", 1, 0], ["volt", "charging_v", 1, 0]]),
        dict(keys=["at rest", "resting", "rest", "battery voltage", "battery", "battery at", "key off", "static", "open circuit", "ocv"],
             units=[["v", "battery_v", 1, 0], ["volts", "battery_v", 1, 0], ["volt", "battery_v", 1, 0]]),
        dict(keys=["coolant temp", "coolant temperature", "coolant", "ect", "engine temp", "engine temperature", "temp"],
             units=[["f", "coolant_temp_max", 0.5555556, -17.777778], ["degrees f", "coolant_temp_max", 0.5555556, -17.777778],
                    ["c", "coolant_temp_max", 1, 0], ["degrees c", "coolant_temp_max", 1, 0]]),
        dict(keys=["draw", "parasitic draw", "key off draw", "drain", "current draw", "parasitic"],
             units=[["ma", "parasitic_draw_ma", 1, 0], ["milliamps", "parasitic_draw_ma", 1, 0], ["a", "parasitic_draw_ma", 1000, 0],
                    ["amps", "parasitic_draw_ma", 1000, 0], ["amp", "parasitic_draw_ma", 1000, 0]]),
        dict(keys=["idle", "idles at", "idle speed", "idling at", "idling"], units=[["rpm", "idle_rpm", 1, 0]]),
        dict(keys=["maf"], units=[["g s", "maf", 1, 0], ["gs", "maf", 1, 0], ["grams", "maf", 1, 0], ["gps", "maf", 1, 0]]),
        dict(keys=["vacuum", "manifold vacuum", "engine vacuum"], units=[["inhg", "vacuum_inhg", 1, 0], ["in hg", "vacuum_inhg", 1, 0], ["inches", "vacuum_inhg", 1, 0]]),
    ],
)

# --------------------------------------------------------------------------
# combination rules over the set of codes present
# --------------------------------------------------------------------------
MISFIRE_CYL = [f"P030{n}" for n in range(1, 9)]
UPSTREAM_O2 = UP1 + UP2 + ["P2195", "P2196", "P2197", "P2198"]
O2_ANY = UP1 + UP2 + DN1 + DN2
COMBOS = [
    dict(id="lean_both_banks", all_of=["P0171", "P0174"],
         note="Both banks lean: a cause shared by both banks (unmetered air, MAF, fuel delivery) — not a bank-specific injector or O2",
         effects=[["vacuum_leak", 2.5], ["pcv_fault", 2.0], ["maf_dirty", 2.2], ["fuel_pump_weak", 2.2], ["fuel_filter_clogged", 2.0],
                  ["injector_clogged", 0.35], ["o2_upstream_aged", 0.3], ["exhaust_leak_pre_o2", 0.4]]),
    dict(id="lean_one_bank_v_engine", any_of=["P0171", "P0174"], max_of=["P0171", "P0174"], max_count=1, requires="v_engine",
         note="Only one bank lean on a V engine: look at that bank — intake gasket, injector, exhaust leak, O2 — not shared fuel delivery",
         effects=[["fuel_pump_weak", 0.4], ["fuel_filter_clogged", 0.4], ["maf_dirty", 0.5], ["injector_clogged", 1.8],
                  ["exhaust_leak_pre_o2", 1.8], ["o2_upstream_aged", 1.5]]),
    dict(id="rich_both_banks", all_of=["P0172", "P0175"],
         note="Both banks rich: shared cause — fuel pressure, purge, MAF over-reading",
         effects=[["fuel_pressure_regulator", 2.5], ["evap_purge_valve", 2.0], ["maf_failed", 1.8], ["injector_leaking", 0.6],
                  ["o2_upstream_aged", 0.4]]),
    dict(id="random_plus_one_cyl", all_of=["P0300"], any_of=MISFIRE_CYL, max_of=MISFIRE_CYL, max_count=1,
         note="Random misfire plus a single cylinder code: the cylinder's own parts, not a shared cause",
         effects=[["ignition_coil", 2.2], ["injector_clogged", 1.5], ["low_compression", 1.5], ["spark_plugs_worn", 1.2],
                  ["vacuum_leak", 0.5], ["fuel_pump_weak", 0.4], ["maf_dirty", 0.5]]),
    dict(id="multi_cyl_misfire", any_of=MISFIRE_CYL, min_count=2,
         note="Several cylinders misfiring: something shared (plugs at interval, fuel, air, timing) rather than one coil",
         effects=[["spark_plugs_worn", 2.0], ["vacuum_leak", 1.8], ["fuel_pump_weak", 1.8], ["timing_chain_stretched", 1.5],
                  ["ignition_coil", 0.5], ["injector_circuit", 0.5], ["ignition_coil_circuit", 0.5]]),
    dict(id="random_misfire_alone", all_of=["P0300"], none_of=MISFIRE_CYL,
         note="Random misfire with no cylinder singled out: shared causes",
         effects=[["spark_plugs_worn", 1.5], ["vacuum_leak", 1.5], ["fuel_pump_weak", 1.5], ["ignition_coil", 0.5], ["injector_clogged", 0.7]]),
    dict(id="misfire_and_lean", any_of=["P0171", "P0174"], any2_of=["P0300"] + MISFIRE_CYL,
         note="Misfire together with a lean code: lean misfire — air or fuel, not ignition",
         effects=[["vacuum_leak", 2.0], ["fuel_pump_weak", 1.8], ["maf_dirty", 1.5], ["pcv_fault", 1.5], ["injector_clogged", 1.5],
                  ["ignition_coil", 0.5], ["spark_plugs_worn", 0.6]]),
    dict(id="cat_with_o2_codes", any_of=["P0420", "P0430"], any2_of=O2_ANY,
         note="Catalyst code with an O2 sensor code: fix the sensor first — the catalyst monitor is only as good as its sensors",
         effects=[["o2_downstream", 2.5], ["o2_upstream_aged", 2.5], ["catalyst_failed", 0.5]]),
    dict(id="cat_with_misfire", any_of=["P0420", "P0430"], any2_of=["P0300"] + MISFIRE_CYL,
         note="Catalyst code with misfire: the misfire is the root cause (and may have killed the catalyst)",
         effects=[["ignition_coil", 1.8], ["spark_plugs_worn", 1.8], ["oil_consumption_rings", 1.5]]),
    dict(id="cat_both_banks", all_of=["P0420", "P0430"],
         note="Both catalysts below threshold: age or an engine-wide cause (oil burning, long misfire history)",
         effects=[["catalyst_failed", 1.6], ["oil_consumption_rings", 1.8], ["exhaust_leak_pre_o2", 0.6], ["o2_downstream", 0.6]]),
    dict(id="cat_with_lean", any_of=["P0420", "P0430"], any2_of=["P0171", "P0174", "P2096", "P2098"],
         note="Catalyst code with lean / post-cat lean: suspect an exhaust leak fooling the sensors",
         effects=[["exhaust_leak_pre_o2", 2.5]]),
    dict(id="vvt_both_banks", any_of=["P0011", "P0014", "P0012"], any2_of=["P0021", "P0024", "P0022"],
         note="Cam timing codes on both banks: a shared cause — oil level/quality or the chain — not two solenoids at once",
         effects=[["oil_low_or_sludge", 3.0], ["timing_chain_stretched", 2.0], ["cam_phaser", 1.5], ["vvt_solenoid", 0.35]]),
    dict(id="correlation_multi", any_of=["P0016", "P0017", "P0018", "P0019"], min_count=2,
         note="Crank/cam correlation on more than one camshaft: the chain (shared) rather than a sensor",
         effects=[["timing_chain_stretched", 3.0], ["cmp_sensor", 0.3], ["ckp_sensor", 0.5]]),
    dict(id="crank_and_cam", any_of=["P0335", "P0336"], any2_of=["P0340", "P0341", "P0345"],
         note="Crank and cam sensor codes together: shared 5 V reference / wiring, or a jumped chain",
         effects=[["circuit_wiring_fault", 2.5], ["timing_chain_stretched", 2.0], ["ckp_sensor", 0.7]]),
    dict(id="maf_and_lean", any_of=["P0101"], any2_of=["P0171", "P0174"],
         note="MAF performance with lean: the MAF is under-reading (or air enters after it)",
         effects=[["maf_dirty", 2.5], ["vacuum_leak", 1.3]]),
    dict(id="idle_high_lean", any_of=["P0507"], any2_of=["P0171", "P0174", "P2187"],
         note="High idle with lean trims: unmetered air",
         effects=[["vacuum_leak", 2.5], ["pcv_fault", 1.8], ["brake_booster_leak", 1.5], ["iac_valve", 0.5]]),
    dict(id="ect_with_thermostat", any_of=["P0128", "P0125"], any2_of=["P0117", "P0118", "P0116"],
         note="Thermostat code with an ECT circuit code: the sensor, not the thermostat",
         effects=[["ect_sensor", 4.0], ["thermostat_stuck_open", 0.3]]),
    dict(id="voltage_and_many", any_of=["P0562", "P0563"], min_total=3,
         note="System voltage code with several others: charging problem causing the rest",
         effects=[["alternator_failed", 3.0], ["battery_weak", 1.5], ["module_fault", 0.5], ["circuit_wiring_fault", 0.5]]),
    dict(id="trans_ratio_many", any_of=["P0730", "P0731", "P0732", "P0733", "P0734", "P0735"], min_count=2,
         note="Several gear-ratio codes: fluid or internal wear common to them, not one solenoid",
         effects=[["trans_internal_wear", 2.0], ["trans_fluid", 1.8], ["shift_solenoid", 0.5]]),
    dict(id="evap_small_and_purge", any_of=["P0456", "P0442"], any2_of=["P0441", "P0496"],
         note="Small leak with a purge-flow code: the purge valve leaks through",
         effects=[["evap_purge_valve", 3.0], ["gas_cap", 0.5]]),
    dict(id="injector_circuit_with_misfire", any_of=[f"P020{n}" for n in range(1, 9)], any2_of=MISFIRE_CYL,
         note="Injector circuit code with a misfire: the dead injector explains the misfire — not the coil",
         effects=[["injector_circuit", 3.0], ["ignition_coil", 0.4], ["spark_plugs_worn", 0.5]]),
    dict(id="cold_and_o2_heater", any_of=["P0128"], any2_of=["P0135", "P0141", "P0030", "P0036"],
         note="Cold engine and O2 heater: independent faults — neither explains the other",
         effects=[]),
]

# --------------------------------------------------------------------------
# reading conditions (live data or freeze frame; derived values computed by the engine)
# --------------------------------------------------------------------------
READINGS = [
    dict(id="ltft_high_idle_normal_cruise", all=[["ltft_max", "gt", 15], ["ltft_max_2500", "lt", 8]],
         note="Trims high at idle but normal at 2500 rpm: a vacuum leak (its share shrinks as airflow grows)",
         effects=[["vacuum_leak", 4.0], ["pcv_fault", 2.5], ["fuel_pump_weak", 0.4], ["maf_dirty", 0.6], ["fuel_filter_clogged", 0.4]]),
    dict(id="ltft_high_both_rpm", all=[["ltft_max", "gt", 15], ["ltft_max_2500", "gt", 12]],
         note="Trims high at idle and at 2500 rpm: fuel delivery or MAF, not a vacuum leak",
         effects=[["fuel_pump_weak", 3.0], ["fuel_filter_clogged", 2.5], ["maf_dirty", 2.5], ["vacuum_leak", 0.4], ["pcv_fault", 0.5]]),
    dict(id="ltft_high", all=[["ltft_max", "gt", 15]],
         note="Long-term fuel trim above +15 %: engine is lean",
         effects=[["vacuum_leak", 1.8], ["maf_dirty", 1.5], ["fuel_pump_weak", 1.5], ["pcv_fault", 1.5], ["injector_leaking", 0.3],
                  ["fuel_pressure_regulator", 0.5]]),
    dict(id="ltft_normal", all=[["ltft_max", "lt", 8], ["ltft_min", "gt", -8]],
         note="Fuel trims within ±8 %: mixture control is fine now",
         effects=[["vacuum_leak", 0.5], ["fuel_pump_weak", 0.5], ["maf_dirty", 0.6], ["injector_leaking", 0.5]]),
    dict(id="ltft_low", all=[["ltft_min", "lt", -15]],
         note="Long-term fuel trim below −15 %: engine is rich",
         effects=[["injector_leaking", 2.5], ["fuel_pressure_regulator", 2.5], ["evap_purge_valve", 1.8], ["vacuum_leak", 0.2], ["maf_dirty", 0.3]]),
    dict(id="trim_bank_split", all=[["ltft_bank_diff", "gt", 10]],
         note="Banks' trims differ by more than 10 points: a bank-specific cause",
         effects=[["fuel_pump_weak", 0.4], ["maf_dirty", 0.5], ["fuel_filter_clogged", 0.4], ["injector_clogged", 1.6], ["exhaust_leak_pre_o2", 1.6]]),
    dict(id="maf_low_idle", all=[["maf_gps_per_litre_idle", "lt", 2.0]],
         note="MAF below ~2 g/s per litre of displacement at warm idle: MAF under-reading",
         effects=[["maf_dirty", 5.0], ["maf_failed", 2.0], ["vacuum_leak", 0.7]]),
    dict(id="maf_ok_idle", all=[["maf_gps_per_litre_idle", "ge", 2.0], ["maf_gps_per_litre_idle", "le", 4.5]],
         note="MAF 2–4.5 g/s per litre at idle: plausible",
         effects=[["maf_dirty", 0.35], ["maf_failed", 0.5]]),
    dict(id="maf_high_idle", all=[["maf_gps_per_litre_idle", "gt", 4.5]],
         note="MAF above ~4.5 g/s per litre at idle: over-reading or extra load",
         effects=[["maf_failed", 3.0], ["maf_dirty", 0.3]]),
    dict(id="fuel_pressure_low", all=[["fuel_pressure_kpa", "lt", 240]],
         note="Fuel pressure below ~240 kPa (35 psi) on a port-injected engine",
         effects=[["fuel_pump_weak", 6.0], ["fuel_filter_clogged", 3.0], ["fuel_pressure_regulator", 2.0], ["vacuum_leak", 0.4]]),
    dict(id="fuel_pressure_ok", all=[["fuel_pressure_kpa", "ge", 280], ["fuel_pressure_kpa", "le", 420]],
         note="Fuel pressure within the common 280–420 kPa band",
         effects=[["fuel_pump_weak", 0.25], ["fuel_filter_clogged", 0.3], ["fuel_pump_failed", 0.05], ["fuel_pump_relay", 0.1]]),
    dict(id="fuel_pressure_zero", all=[["fuel_pressure_kpa", "lt", 30]],
         note="No fuel pressure",
         effects=[["fuel_pump_failed", 10.0], ["fuel_pump_relay", 6.0], ["ckp_sensor", 0.5], ["immobilizer", 2.0]]),
    dict(id="coolant_never_warm", all=[["coolant_temp_max", "lt", 80]],
         note="Coolant never reaches 80 °C after a warm-up drive",
         effects=[["thermostat_stuck_open", 6.0], ["ect_sensor", 1.5], ["thermostat_stuck_closed", 0.1], ["radiator_fan", 0.5]]),
    dict(id="coolant_normal", all=[["coolant_temp_max", "ge", 85], ["coolant_temp_max", "le", 105]],
         note="Coolant reaches a normal 85–105 °C",
         effects=[["thermostat_stuck_open", 0.3], ["thermostat_stuck_closed", 0.5]]),
    dict(id="coolant_hot", all=[["coolant_temp_max", "gt", 110]],
         note="Coolant above 110 °C",
         effects=[["thermostat_stuck_closed", 2.5], ["radiator_fan", 2.0], ["coolant_leak", 2.0], ["head_gasket", 1.5], ["thermostat_stuck_open", 0.1]]),
    dict(id="ect_iat_cold_mismatch", all=[["ect_iat_cold_diff", "gt", 10]],
         note="After a cold soak ECT and IAT differ by more than 10 °C: one of the sensors is biased",
         effects=[["ect_sensor", 6.0], ["iat_sensor", 2.0], ["thermostat_stuck_open", 0.5]]),
    dict(id="ect_iat_cold_agree", all=[["ect_iat_cold_diff", "le", 5]],
         note="After a cold soak ECT and IAT agree within 5 °C",
         effects=[["ect_sensor", 0.3]]),
    dict(id="o2_not_switching", all=[["o2_b1s1_span_v", "lt", 0.3]],
         note="Upstream O2 not switching (span < 0.3 V) on a warm engine",
         effects=[["o2_upstream_aged", 4.0], ["o2_wiring", 1.5], ["exhaust_leak_pre_o2", 1.5]]),
    dict(id="o2_switching", all=[["o2_b1s1_span_v", "ge", 0.6]],
         note="Upstream O2 switching 0.1–0.9 V",
         effects=[["o2_upstream_aged", 0.3], ["o2_wiring", 0.5]]),
    dict(id="rear_o2_mirrors", all=[["o2_b1s2_span_v", "gt", 0.5]],
         note="Downstream O2 swinging like the upstream one: the catalyst stores no oxygen",
         effects=[["catalyst_failed", 4.0], ["o2_downstream", 0.5]]),
    dict(id="rear_o2_steady", all=[["o2_b1s2_span_v", "lt", 0.2], ["o2_b1s2_v", "gt", 0.55]],
         note="Downstream O2 steady and rich-side: the catalyst is working",
         effects=[["catalyst_failed", 0.3], ["exhaust_leak_pre_o2", 0.6]]),
    dict(id="rear_o2_stuck_low", all=[["o2_b1s2_v", "lt", 0.1], ["o2_b1s2_span_v", "lt", 0.1]],
         note="Downstream O2 stuck below 0.1 V",
         effects=[["o2_downstream", 3.0], ["exhaust_leak_pre_o2", 2.0], ["o2_wiring", 1.5]]),
    dict(id="misfire_single_cyl", all=[["misfire_max_share", "gt", 0.8], ["misfire_total", "gt", 20]],
         note="Mode 6 / live misfire counts concentrated on one cylinder",
         effects=[["ignition_coil", 2.5], ["injector_clogged", 1.5], ["low_compression", 1.5], ["afm_lifter", 1.5],
                  ["vacuum_leak", 0.4], ["fuel_pump_weak", 0.3], ["maf_dirty", 0.4], ["spark_plugs_worn", 0.7]]),
    dict(id="misfire_spread", all=[["misfire_cyls_active", "ge", 3]],
         note="Misfire counts on three or more cylinders",
         effects=[["spark_plugs_worn", 2.0], ["vacuum_leak", 1.8], ["fuel_pump_weak", 1.8], ["ignition_coil", 0.5], ["injector_circuit", 0.4]]),
    dict(id="cam_crank_offset", all=[["cam_crank_offset_abs_deg", "gt", 6]],
         note="Cam/crank correlation more than 6° off base",
         effects=[["timing_chain_stretched", 5.0], ["cam_phaser", 1.5], ["cmp_sensor", 0.4]]),
    dict(id="cam_crank_ok", all=[["cam_crank_offset_abs_deg", "le", 3]],
         note="Cam/crank correlation within 3°",
         effects=[["timing_chain_stretched", 0.25]]),
    dict(id="battery_low_rest", all=[["battery_v", "lt", 12.2]],
         note="Resting battery voltage below 12.2 V",
         effects=[["battery_weak", 2.5], ["parasitic_draw", 1.5], ["alternator_failed", 1.5]]),
    dict(id="battery_ok_rest", all=[["battery_v", "ge", 12.5]],
         note="Resting battery voltage 12.5 V or more",
         effects=[["battery_weak", 0.4]]),
    dict(id="cranking_low", all=[["cranking_v", "lt", 9.6]],
         note="Battery voltage below 9.6 V while cranking",
         effects=[["battery_weak", 3.0], ["battery_cable", 1.5], ["starter_failed", 1.3]]),
    dict(id="charging_low", all=[["charging_v", "lt", 13.2]],
         note="Charging voltage below 13.2 V with engine running",
         effects=[["alternator_failed", 8.0], ["battery_cable", 1.5], ["parasitic_draw", 0.5]]),
    dict(id="charging_high", all=[["charging_v", "gt", 15.0]],
         note="Charging voltage above 15 V: regulator",
         effects=[["alternator_failed", 5.0]]),
    dict(id="charging_ok", all=[["charging_v", "ge", 13.6], ["charging_v", "le", 14.8]],
         note="Charging voltage 13.6–14.8 V",
         effects=[["alternator_failed", 0.2]]),
    dict(id="draw_high", all=[["parasitic_draw_ma", "gt", 80]],
         note="Key-off draw above 80 mA after modules sleep",
         effects=[["parasitic_draw", 10.0], ["battery_weak", 0.6]]),
    dict(id="draw_ok", all=[["parasitic_draw_ma", "le", 50]],
         note="Key-off draw 50 mA or less",
         effects=[["parasitic_draw", 0.15]]),
    dict(id="idle_high_warm", all=[["idle_rpm", "gt", 1100]],
         note="Warm idle above 1100 rpm",
         effects=[["vacuum_leak", 2.0], ["iac_valve", 1.5], ["throttle_body_dirty", 0.5]]),
    dict(id="boost_low", all=[["boost_deficit_kpa", "gt", 20]],
         note="Actual boost more than 20 kPa below desired",
         effects=[["boost_leak", 3.0], ["wastegate_fault", 2.0]]),
    dict(id="compression_low", all=[["compression_min_ratio", "lt", 0.8]],
         note="Lowest cylinder below 80 % of the highest",
         effects=[["low_compression", 8.0], ["head_gasket", 2.0], ["ignition_coil", 0.4], ["spark_plugs_worn", 0.5]]),
]

# --------------------------------------------------------------------------
# mileage bands (miles)
# --------------------------------------------------------------------------
MILEAGE = [
    dict(cause="spark_plugs_worn", min=100000, max=None, lr=2.0), dict(cause="spark_plugs_worn", min=None, max=40000, lr=0.3),
    dict(cause="catalyst_failed", min=120000, max=None, lr=2.0), dict(cause="catalyst_failed", min=None, max=50000, lr=0.25),
    dict(cause="timing_chain_stretched", min=120000, max=None, lr=2.0), dict(cause="timing_chain_stretched", min=None, max=60000, lr=0.3),
    dict(cause="o2_upstream_aged", min=100000, max=None, lr=1.8), dict(cause="o2_upstream_aged", min=None, max=40000, lr=0.4),
    dict(cause="o2_downstream", min=100000, max=None, lr=1.5),
    dict(cause="water_pump", min=90000, max=None, lr=1.6), dict(cause="fuel_pump_weak", min=120000, max=None, lr=1.6),
    dict(cause="fuel_pump_failed", min=120000, max=None, lr=1.6),
    dict(cause="trans_internal_wear", min=120000, max=None, lr=2.0), dict(cause="trans_internal_wear", min=None, max=50000, lr=0.3),
    dict(cause="low_compression", min=150000, max=None, lr=1.8), dict(cause="low_compression", min=None, max=60000, lr=0.4),
    dict(cause="oil_consumption_rings", min=100000, max=None, lr=1.8),
    dict(cause="carbon_buildup", min=60000, max=None, lr=1.8), dict(cause="carbon_buildup", min=None, max=30000, lr=0.3),
    dict(cause="cam_phaser", min=90000, max=None, lr=1.5), dict(cause="thermostat_stuck_open", min=80000, max=None, lr=1.4),
    dict(cause="head_gasket", min=None, max=50000, lr=0.4), dict(cause="ignition_coil", min=80000, max=None, lr=1.4),
    dict(cause="brake_pads_worn", min=30000, max=None, lr=1.5), dict(cause="pcv_fault", min=70000, max=None, lr=1.5),
    dict(cause="egr_clogged", min=100000, max=None, lr=1.8),
]

# --------------------------------------------------------------------------
# make-specific patterns
# --------------------------------------------------------------------------
MAKES = [
    dict(id="ford_54_3v_phaser", make=["ford", "lincoln"], engine=["5.4"], years=[2004, 2010],
         any_codes=["P0011", "P0012", "P0021", "P0022", "P0016", "P0018", "P0300", "P0340", "P0345"], any_tags=["engine_noise_ticking"],
         note="Ford 5.4 3V (2004–2010): cam phasers and timing-chain guides; starts with a rattle/tick and VCT codes",
         effects=[["cam_phaser", 4.0], ["timing_chain_stretched", 2.0], ["oil_low_or_sludge", 1.5]]),
    dict(id="ford_modular_coils", make=["ford", "lincoln", "mercury"], engine=["4.6", "5.4", "6.8"], years=[1997, 2014],
         any_codes=MISFIRE_CYL + ["P0300"],
         note="Ford modular V8/V10 coil-on-plug boots and coils fail often; on 3V heads plugs break when removed",
         effects=[["ignition_coil", 2.0], ["spark_plugs_worn", 1.3]]),
    dict(id="ford_dpfe", make=["ford", "mercury", "lincoln"], years=[1996, 2010], any_codes=["P0401", "P0402", "P0405", "P1400", "P1401"],
         note="Older Fords: DPFE sensor and its cracked hoses set EGR flow codes far more often than the valve",
         effects=[["egr_electrical", 4.0], ["egr_clogged", 0.6]]),
    dict(id="toyota_2az_oil", make=["toyota", "scion"], engine=["2az", "2.4"], years=[2006, 2011],
         any_codes=["P0300", "P0301", "P0302", "P0303", "P0304", "P0420"], any_tags=["oil_consumption"],
         note="Toyota 2AZ-FE (2006–2011): piston-ring oil consumption fouls plugs and poisons the catalyst",
         effects=[["oil_consumption_rings", 5.0], ["spark_plugs_worn", 1.3]]),
    dict(id="gm_afm_lifter", make=["chevrolet", "chevy", "gmc", "cadillac"], engine=["5.3", "6.2", "6.0", "4.8"], years=[2007, 2020],
         any_codes=["P0300", "P0301", "P0304", "P0305", "P0306", "P0307", "P0308", "P3400", "P3401"],
         note="GM V8 with AFM/DOD: collapsed AFM lifters on cylinders 1, 4, 5, 7 (odd bank) / 2,3,6,8 and oil consumption",
         effects=[["afm_lifter", 6.0], ["oil_consumption_rings", 1.5]]),
    dict(id="vw_20t_pcv_carbon", make=["volkswagen", "vw", "audi"], engine=["2.0t", "2.0 t", "tsi", "tfsi", "ea888", "ea113", "2.0l turbo"],
         years=[2006, 2016], any_codes=["P0171", "P0300", "P0301", "P0302", "P0303", "P0304", "P0507", "P2187", "P0299"],
         any_tags=["rough_idle"],
         note="VW/Audi 2.0T (EA113/EA888): PCV/oil-separator diaphragm tears (lean, whistle) and intake-valve carbon (misfire)",
         effects=[["pcv_fault", 4.0], ["carbon_buildup", 3.0], ["ignition_coil", 1.5]]),
    dict(id="honda_v6_vcm", make=["honda", "acura"], engine=["3.5", "j35", "3.7"], years=[2008, 2016],
         any_codes=["P0300", "P0301", "P0302", "P0303", "P0304", "P0305", "P0306", "P3400", "P3497"], any_tags=["oil_consumption"],
         note="Honda J35 with VCM: rear-bank cylinders foul plugs from oil consumption (stuck rings), misfire",
         effects=[["spark_plugs_worn", 2.0], ["oil_consumption_rings", 3.0]]),
    dict(id="honda_egr_passages", make=["honda", "acura"], years=[1996, 2008], any_codes=["P0401", "P1491"],
         note="Older Hondas: the intake-plenum EGR ports clog with carbon",
         effects=[["egr_clogged", 3.0], ["egr_electrical", 0.5]]),
    dict(id="subaru_ej25_hg", make=["subaru"], engine=["2.5", "ej25", "ej253", "ej251"], years=[1996, 2011],
         any_codes=["P0128", "P0300", "P0301", "P0302", "P0303", "P0304", "P0217"], any_tags=["overheating", "coolant_loss"],
         note="Subaru EJ25: external and internal head-gasket leaks (coolant loss, overheating)",
         effects=[["head_gasket", 5.0]]),
    dict(id="chevy_cruze_14t", make=["chevrolet", "chevy"], model=["cruze", "sonic", "trax", "encore"], engine=["1.4"], years=[2011, 2019],
         any_codes=["P0171", "P0106", "P0507", "P2187", "P0128"], any_tags=["coolant_loss", "overheating", "rough_idle"],
         note="GM 1.4T: PCV valve cover diaphragm (lean, whistle) and plastic water outlet/thermostat housing leaks",
         effects=[["pcv_fault", 4.0], ["coolant_leak", 3.0]]),
    dict(id="nissan_cvt_judder", make=["nissan"], years=[2012, 2018], any_codes=["P0730", "P0744", "P0776", "P0868", "P17F0", "P17F1"],
         any_tags=["transmission_slip"],
         note="Nissan CVT (JF011E/JF016E): judder and slip from belt/pulley wear",
         effects=[["trans_internal_wear", 3.0]]),
    dict(id="chrysler_pentastar_rocker", make=["chrysler", "dodge", "jeep", "ram"], engine=["3.6"], years=[2011, 2016],
         any_codes=["P0300", "P0302", "P0304", "P0306", "P0016", "P0017"], any_tags=["engine_noise_ticking"],
         note="Pentastar 3.6 (2011–2016): left-head valve seat wear / rocker-arm ticking and misfire on that bank",
         effects=[["low_compression", 3.0]]),
    dict(id="hyundai_kia_o2_cat", make=["hyundai", "kia"], years=[2006, 2016], any_codes=["P0420", "P0133"],
         note="Hyundai/Kia: upstream A/F sensors age and set catalyst codes; real catalyst failure common over 120k",
         effects=[["o2_upstream_aged", 1.5]]),
]

# --------------------------------------------------------------------------
# findings text → evidence (technician observations)
# --------------------------------------------------------------------------
FINDINGS = [
    dict(id="hiss", keywords=["hiss", "whistle", "vacuum leak found", "cracked hose", "split boot", "intake boot torn"],
         effects=[["vacuum_leak", 5.0], ["pcv_fault", 2.5]]),
    dict(id="pcv_whistle", keywords=["pcv", "oil cap suction", "whistle from oil cap", "diaphragm torn"], effects=[["pcv_fault", 5.0]]),
    dict(id="oil_on_plug", keywords=["oil on plug", "oil fouled", "oily plug", "oil in plug well", "oil in spark plug"],
         effects=[["oil_consumption_rings", 3.0], ["spark_plugs_worn", 2.0], ["ignition_coil", 1.5]]),
    dict(id="plugs_worn", keywords=["gap worn", "plugs worn", "electrodes worn", "original plugs", "worn plugs"],
         effects=[["spark_plugs_worn", 5.0]]),
    dict(id="coil_crack", keywords=["carbon track", "coil boot cracked", "coil cracked", "arcing"], effects=[["ignition_coil", 5.0]]),
    dict(id="coolant_puddle", keywords=["coolant puddle", "coolant drip", "crusted coolant", "leak at water", "radiator leak", "hose leak",
                                        "coolant residue", "wet with coolant"],
         effects=[["coolant_leak", 5.0], ["water_pump", 2.0]]),
    dict(id="water_pump_weep", keywords=["weep hole", "water pump leak", "pump bearing"], effects=[["water_pump", 8.0]]),
    dict(id="fan_not_running", keywords=["fan not running", "fan does not come on", "fan doesn't come on", "fan never turns on"],
         effects=[["radiator_fan", 8.0]]),
    dict(id="bubbles", keywords=["bubbles in the reservoir", "bubbles in radiator", "exhaust gas in coolant", "block test positive",
                                 "milky oil"],
         effects=[["head_gasket", 8.0]]),
    dict(id="oil_low_found", keywords=["oil low", "low oil", "oil was low", "sludge", "quarts low", "overdue oil change"],
         effects=[["oil_low_or_sludge", 5.0], ["oil_consumption_rings", 1.5]]),
    dict(id="rattle_start", keywords=["rattle on cold start", "rattle at cold start", "startup rattle", "chain rattle"],
         effects=[["timing_chain_stretched", 3.0], ["cam_phaser", 3.0]]),
    dict(id="exhaust_tick", keywords=["exhaust leak", "manifold crack", "cracked manifold", "broken manifold stud", "flex pipe leak",
                                      "exhaust tick"],
         effects=[["exhaust_leak_pre_o2", 6.0]]),
    dict(id="cap_loose", keywords=["gas cap loose", "cap loose", "cap not clicked", "cap seal", "missing gas cap", "fuel cap loose"],
         effects=[["gas_cap", 8.0]]),
    dict(id="corrosion_terminal", keywords=["terminal corrosion", "corroded terminal", "loose terminal", "corroded cable", "green corrosion"],
         effects=[["battery_cable", 5.0]]),
    dict(id="aftermarket", keywords=["aftermarket", "dash cam", "remote start", "amplifier", "glovebox light stays on", "trunk light stays"],
         effects=[["parasitic_draw", 4.0]]),
    dict(id="pads_thin", keywords=["pads at 2", "pads at 1", "metal to metal", "pad thin", "pads thin", "wear indicator", "scored rotor",
                                   "2 mm", "3 mm"],
         effects=[["brake_pads_worn", 6.0]]),
    dict(id="caliper_hot", keywords=["caliper hot", "wheel hot", "seized slide", "seized pin", "dragging", "hot wheel"],
         effects=[["caliper_sticking", 6.0], ["brake_hose_collapsed", 2.0]]),
    dict(id="runout", keywords=["runout", "thickness variation"], effects=[["rotors_warped", 6.0]]),
    dict(id="fluid_burnt", keywords=["fluid burnt", "burnt smell", "dark fluid", "fluid low", "fluid dark", "metal in pan"],
         effects=[["trans_fluid", 3.0], ["trans_internal_wear", 2.5]]),
    dict(id="dirty_throttle", keywords=["throttle body dirty", "carbon on throttle", "throttle plate carbon", "dirty throttle"],
         effects=[["throttle_body_dirty", 6.0]]),
    dict(id="maf_dirty_seen", keywords=["maf dirty", "maf wire dirty", "oiled air filter", "dirty maf", "lint on maf"],
         effects=[["maf_dirty", 5.0]]),
    dict(id="pump_not_priming", keywords=["pump doesn't prime", "pump does not prime", "no pump hum", "no fuel pump noise", "no prime"],
         effects=[["fuel_pump_failed", 5.0], ["fuel_pump_relay", 3.0]]),
    dict(id="no_rpm_cranking", keywords=["no rpm while cranking", "rpm reads 0 while cranking", "tach doesn't move", "no rpm signal"],
         effects=[["ckp_sensor", 8.0]]),
    dict(id="security_light", keywords=["security light", "key light flashing", "theft light", "immobilizer light"],
         effects=[["immobilizer", 15.0]]),
    dict(id="egr_carbon", keywords=["egr cooler", "egr clogged", "egr carboned", "egr ports", "egr passage"],
         effects=[["egr_clogged", 6.0]]),
    dict(id="hose_temps", keywords=["upper hose hot, lower hose cold", "lower hose cold", "lower radiator hose cold"],
         effects=[["thermostat_stuck_closed", 4.0], ["radiator_clogged", 3.0], ["water_pump", 1.5]]),
    dict(id="fuse_blown", keywords=["fuse blown", "blown fuse", "fuse was blown", "fuse for"],
         effects=[["o2_heater_circuit", 5.0], ["fuel_pump_relay", 3.0], ["circuit_wiring_fault", 3.0], ["radiator_fan", 2.0]]),
    dict(id="connector_damage", keywords=["chafed wire", "melted connector", "corroded connector", "pin pushed out", "broken wire",
                                          "rodent"],
         effects=[["circuit_wiring_fault", 6.0], ["o2_wiring", 3.0], ["ignition_coil_circuit", 3.0], ["o2_heater_circuit", 3.0]]),
    dict(id="clicks_only", keywords=["single click", "click no crank", "starter clicks"], effects=[["starter_failed", 4.0], ["battery_weak", 2.0]]),
]

# --------------------------------------------------------------------------
# tests (fail = the abnormal reading was found)
# --------------------------------------------------------------------------
TESTS = []


def test(id, name, tool, procedure, expected, minutes, targets, raises=None, cylinders=None):
    """`cylinders`: (one, several), the name for a case that names its misfiring
    cylinders — `{}` holds the cylinder (one), or all but the last and the last
    (several: "2 and 5", "1, 4 and 6")."""
    for c, f, p in targets:
        assert c in CIDS, (id, c)
    t = dict(id=id, name=name, tool=tool, procedure=procedure, expected=expected, minutes=minutes,
             targets=[dict(cause=c, fail_lr=f, pass_lr=p) for c, f, p in targets])
    if cylinders:
        one, several = cylinders
        assert one.count("{}") == 1 and several.count("{}") == 2, (id, cylinders)
        t["cylinder_name"] = dict(one=one, several=several)
    TESTS.append(t)


test("smoke_intake", "Smoke-test the intake", "smoke machine",
     "Cap the intake after the MAF, introduce smoke at a vacuum port for 3 minutes, look at gaskets, hoses, PCV, brake booster",
     "No smoke escapes", 15, [("vacuum_leak", 10, 0.12), ("pcv_fault", 4, 0.4), ("brake_booster_leak", 3, 0.5), ("boost_leak", 3, 0.5)])
test("pcv_check", "Check PCV valve and oil-separator diaphragm", "hands, oil-cap vacuum gauge",
     "At idle, crack the oil filler cap: strong suction or a whistle means a torn diaphragm / stuck-open PCV",
     "Slight vacuum only, no whistle", 5, [("pcv_fault", 10, 0.15)])
test("trims_2500", "Compare fuel trims at idle and 2500 rpm", "scan tool",
     "Warm engine; record STFT+LTFT per bank at idle and held 2500 rpm for 30 s",
     "Total trim within ±10 % at both speeds", 5,
     [("vacuum_leak", 3, 0.4), ("fuel_pump_weak", 2.5, 0.4), ("maf_dirty", 2.5, 0.4), ("injector_leaking", 2, 0.5)])
test("maf_gps", "Check MAF g/s at warm idle against displacement", "scan tool",
     "Warm idle, accessories off: MAF reading divided by engine litres",
     "2–4.5 g/s per litre", 5, [("maf_dirty", 6, 0.25), ("maf_failed", 3, 0.5)])
test("maf_clean", "Clean the MAF element and re-check trims", "MAF cleaner",
     "Remove the MAF, clean with MAF-safe spray, refit, clear adaptations, re-check LTFT after 10 min",
     "Trims unchanged (cleaning did not help)", 15, [("maf_dirty", 10, 0.2)])
test("fuel_pressure", "Measure fuel pressure and volume", "fuel pressure gauge",
     "Gauge on the rail (or scan-tool FRP); key-on prime, idle, snap throttle, and flow into a jar for 15 s",
     "Within spec (typically 280–420 kPa) and holds under load", 20,
     [("fuel_pump_weak", 8, 0.15), ("fuel_filter_clogged", 4, 0.4), ("fuel_pressure_regulator", 4, 0.5), ("fuel_pump_failed", 10, 0.05)])
test("fuel_pump_prime", "Listen for the fuel pump prime / check relay and fuse", "ears, test light",
     "Key on: 2 s pump hum from the tank; check fuse and relay with a test light",
     "Pump primes, fuse and relay good", 5, [("fuel_pump_failed", 6, 0.2), ("fuel_pump_relay", 5, 0.3)])
test("hpfp_pressure", "Compare high-pressure rail actual vs desired", "scan tool",
     "Log desired/actual high-side pressure at idle and WOT", "Actual within 10 % of desired", 10,
     [("hpfp_worn", 6, 0.2), ("fuel_pressure_sensor", 2, 0.6), ("fuel_pump_weak", 2, 0.6)])
test("frp_sensor_compare", "Compare rail-pressure sensor with a mechanical gauge", "gauge + scan tool",
     "Read PID and gauge at key-on and idle", "Within 5 %", 20, [("fuel_pressure_sensor", 8, 0.2)])
test("coil_swap", "Swap the misfiring cylinder's coil with a neighbour", "hand tools, scan tool",
     "Swap coils, clear codes, drive/idle 10 min, watch misfire counters", "Misfire stays on the original cylinder", 15,
     [("ignition_coil", 12, 0.08)],
     cylinders=("Swap cylinder {}'s coil with a neighbouring cylinder's",
                "Swap the coils of cylinders {} and {} with neighbouring cylinders'"))
test("plug_inspect", "Pull and inspect the spark plugs", "plug socket, feeler gauge",
     "Remove plugs, read gap, electrode wear, oil or fuel fouling, cracked insulators", "Gap in spec, light tan deposit", 25,
     [("spark_plugs_worn", 8, 0.2), ("oil_consumption_rings", 2.5, 0.6)],
     cylinders=("Pull and inspect the spark plugs, cylinder {}'s first",
                "Pull and inspect the spark plugs, cylinders {} and {} first"))
test("injector_test", "Test the injector (noid light, resistance, balance or swap)", "noid light, DMM, scan tool",
     "Noid light on the harness, measure coil resistance, balance test or swap injector with a neighbour", "Pulse present, resistance in spec, flow equal", 30,
     [("injector_clogged", 6, 0.25), ("injector_circuit", 8, 0.15), ("injector_leaking", 3, 0.5)],
     cylinders=("Test cylinder {}'s injector (noid light, resistance, balance or swap)",
                "Test the injectors of cylinders {} and {} (noid light, resistance, balance or swap)"))
test("compression", "Compression test (dry/wet)", "compression gauge",
     "All plugs out, throttle open, crank 5 strokes per cylinder; repeat wet on low ones", "All within 10 % of each other", 45,
     [("low_compression", 12, 0.08), ("head_gasket", 3, 0.5), ("timing_chain_stretched", 2, 0.7), ("afm_lifter", 2, 0.7)],
     cylinders=("Compression test (dry/wet), cylinder {} against the others",
                "Compression test (dry/wet), cylinders {} and {} against the others"))
test("cyl_leakdown", "Cylinder leak-down on the suspect cylinder", "leak-down tester",
     "TDC compression, 100 psi in; listen at intake, exhaust, oil cap, radiator", "Under 15 % leakage", 30,
     [("low_compression", 8, 0.2), ("head_gasket", 6, 0.3)],
     cylinders=("Leak-down test on cylinder {}", "Leak-down test on cylinders {} and {}"))
test("afm_lifter_check", "Check AFM lifter / valve lift on the misfiring cylinder", "borescope, valve-cover removal or lift check",
     "Remove the valve cover and check rocker lash / lift on the misfiring cylinder, or command AFM off and watch misfire",
     "Full valve lift, no lash", 60, [("afm_lifter", 15, 0.08), ("low_compression", 2, 0.7)],
     cylinders=("Check AFM lifter / valve lift on cylinder {}", "Check AFM lifters / valve lift on cylinders {} and {}"))
test("block_test", "Combustion-gas (block) test of the coolant", "block tester fluid",
     "Warm engine, draw air from the radiator neck through the tester fluid for 1 min", "Fluid stays blue", 15,
     [("head_gasket", 12, 0.1)])
test("cooling_pressure", "Pressure-test the cooling system", "cooling-system pressure tester",
     "Pump to cap rating, hold 15 min, look for drops and leaks (hoses, radiator, water pump weep hole, heater core)", "Holds pressure, no leak", 20,
     [("coolant_leak", 8, 0.15), ("water_pump", 4, 0.5), ("head_gasket", 2, 0.6)])
test("thermostat_warmup", "Watch the warm-up curve", "scan tool, IR thermometer",
     "From cold, idle/drive 15 min, graph ECT; feel the upper hose open", "ECT reaches 85–100 °C and the upper hose heats suddenly", 15,
     [("thermostat_stuck_open", 8, 0.1), ("thermostat_stuck_closed", 5, 0.4), ("ect_sensor", 2, 0.6)])
test("ect_vs_iat", "Compare ECT and IAT after a cold soak", "scan tool",
     "After 8 h off, key on, read ECT, IAT and ambient", "All within 5 °C", 5, [("ect_sensor", 8, 0.2), ("iat_sensor", 4, 0.5)])
test("fan_command", "Command the cooling fan / check at temperature", "scan tool, test light",
     "Bi-directional fan command, or let the engine reach 100 °C; check fuse, relay, motor current", "Fan runs on command", 10,
     [("radiator_fan", 10, 0.1)])
test("radiator_ir", "IR-scan the radiator core for cold spots", "IR thermometer",
     "Hot engine, thermostat open: scan the core top to bottom and side to side", "Even temperature drop, no cold bands", 10,
     [("radiator_clogged", 6, 0.3), ("thermostat_stuck_closed", 3, 0.5)])
test("water_pump_check", "Inspect the water pump (weep hole, bearing play, flow)", "eyes, hands",
     "Belt off: check shaft play; look for a wet weep hole; watch flow at the filler neck", "No play, dry, flow visible", 15,
     [("water_pump", 8, 0.2)])
test("o2_graph", "Graph the upstream O2 sensor", "scan tool / scope",
     "Warm engine at 2500 rpm: switching 0.1–0.9 V several times per second; snap throttle for rich, pinch a vacuum line for lean",
     "Switches fully and quickly", 10, [("o2_upstream_aged", 6, 0.15), ("o2_wiring", 3, 0.5)])
test("rear_o2_graph", "Graph the downstream O2 against the upstream", "scan tool",
     "Warm engine at 2500 rpm: downstream should be steady 0.6–0.8 V while the upstream switches", "Downstream steady, upstream switching", 10,
     [("catalyst_failed", 5, 0.2), ("o2_downstream", 3, 0.5)])
test("o2_heater_ohms", "Measure O2 heater resistance and supply", "DMM",
     "Unplug the sensor: heater 2–14 Ω; key on: 12 V on the supply pin, fuse intact", "Heater in spec, supply present", 15,
     [("o2_heater", 10, 0.08), ("o2_heater_circuit", 0.6, 2.5)])
test("o2_heater_fuse", "Check O2 heater fuse, relay and harness", "test light, DMM",
     "Check the fuse and relay, back-probe supply and ground on the harness side", "12 V supply and ground control present", 10,
     [("o2_heater_circuit", 10, 0.1)])
test("wiring_inspect", "Inspect the code's circuit (pins, chafe, voltage drop)", "DMM, wiring diagram",
     "Wiggle test, check reference/ground/signal at the sensor and the module, voltage drop on grounds", "All circuits in spec", 25,
     [("circuit_wiring_fault", 8, 0.15), ("o2_wiring", 6, 0.2), ("ignition_coil_circuit", 6, 0.2)])
test("exhaust_leak_check", "Check for exhaust leaks ahead of the O2 sensors", "smoke machine / hands",
     "Cold engine: block the tailpipe briefly or smoke the exhaust; check manifold, studs, flex pipe", "No leak", 15,
     [("exhaust_leak_pre_o2", 10, 0.12)])
test("cat_temp_delta", "Measure catalyst inlet/outlet temperature", "IR thermometer",
     "After a 10 min drive, outlet should be hotter than inlet", "Outlet ≥ inlet + 5 %", 10, [("catalyst_failed", 3, 0.4)])
test("gas_cap_test", "Inspect and test the fuel cap and filler neck", "cap tester",
     "Check seal and ratchet, test on the cap adapter, inspect the filler neck", "Cap holds, seal intact", 5, [("gas_cap", 10, 0.1)])
test("evap_smoke", "Smoke-test the EVAP system", "EVAP smoke machine",
     "Close the vent (command or clamp), smoke at the service port, look with the light", "No smoke escapes", 25,
     [("evap_leak_hose", 8, 0.15), ("gas_cap", 3, 0.4), ("evap_purge_valve", 2, 0.6), ("evap_vent_valve", 2, 0.6)])
test("purge_valve_test", "Check the purge valve holds vacuum when off and flows when commanded", "hand vacuum pump, scan tool",
     "Apply vacuum with the valve unpowered (must hold), command it open (must flow)", "Holds closed, opens on command", 10,
     [("evap_purge_valve", 10, 0.1)])
test("vent_valve_test", "Command the canister vent valve and check the filter", "scan tool",
     "Command closed/open, listen and check flow; inspect the dust filter and hose for mud/spider nests", "Closes and opens, no blockage", 15,
     [("evap_vent_valve", 10, 0.1)])
test("ftp_sensor_check", "Check the tank pressure sensor reading with the cap off", "scan tool",
     "Cap off: FTP must read ~0 Pa / 2.5 V", "≈0 Pa with the cap off", 5, [("fuel_tank_pressure_sensor", 8, 0.15)])
test("fuel_level_sweep", "Check the fuel level sender resistance sweep", "DMM",
     "Back-probe the sender, compare with gauge and tank fill; wiggle", "Resistance smooth and matching", 20, [("fuel_level_sender", 8, 0.15)])
test("egr_command", "Command EGR open at idle / apply vacuum", "scan tool or hand vacuum pump",
     "At warm idle open the EGR: rpm must drop or the engine stumble", "Idle drops or stumbles", 10,
     [("egr_clogged", 6, 0.15), ("egr_electrical", 2, 0.6)])
test("egr_sensor_check", "Check DPFE / EGR position sensor and hoses", "DMM, scan tool",
     "Key on engine off: sensor near 1 V / 0 %; check hoses for cracks; watch reading with the valve commanded", "Reading tracks commanded position", 15,
     [("egr_electrical", 8, 0.15)])
test("egr_stuck_open_check", "Check the EGR valve closes at idle", "hands, scan tool",
     "Warm idle: block the EGR passage or unplug the valve; idle must not improve", "No change at idle", 10, [("egr_stuck_open", 10, 0.1)])
test("secondary_air_test", "Command the secondary air pump", "scan tool",
     "Command pump on: upstream O2 must go lean (<0.2 V) within seconds; check check-valve for water/corrosion", "O2 goes lean", 10,
     [("secondary_air", 10, 0.1)])
test("cam_crank_correlation", "Check cam/crank correlation", "scan tool / scope",
     "Read cam-angle deviation PIDs at idle, or scope CKP vs CMP against a known-good pattern", "Within ±3° of base", 20,
     [("timing_chain_stretched", 8, 0.12), ("cam_phaser", 2.5, 0.6)])
test("oil_check", "Check oil level, condition and service history", "dipstick",
     "Level, sludge under the cap, viscosity matches spec", "Full, clean, correct grade", 5,
     [("oil_low_or_sludge", 8, 0.2), ("oil_consumption_rings", 2, 0.8)])
test("vvt_solenoid_test", "Test the VVT solenoid (resistance, command, screen)", "DMM, scan tool",
     "Measure coil (≈6–13 Ω), command it and watch cam angle change; check the inlet screen", "Cam angle follows command", 20,
     [("vvt_solenoid", 8, 0.15), ("cam_phaser", 3, 0.5), ("circuit_wiring_fault", 2, 0.7)])
test("phaser_inspect", "Inspect cam phasers (lock-pin, startup knock)", "hand tools",
     "Listen for knock at hot idle that stops above 1200 rpm; remove cover and check phaser lock-pin play", "No knock, no lock-pin play", 60,
     [("cam_phaser", 10, 0.12)])
test("ckp_signal", "Check crank sensor signal while cranking", "scope, scan tool",
     "RPM PID while cranking; scope the CKP for a clean pattern; check reluctor ring", "RPM reads while cranking, clean signal", 15,
     [("ckp_sensor", 10, 0.1)])
test("cmp_signal", "Check cam sensor signal", "scope",
     "Scope the CMP with the engine running; compare against the crank pattern", "Clean signal, correct pattern", 20, [("cmp_sensor", 8, 0.15)])
test("knock_sensor_test", "Test knock sensor resistance/signal", "DMM, scope",
     "Resistance / signal tap test, and check harness under the intake", "Signal on tap, wiring intact", 25, [("knock_sensor", 7, 0.2)])
test("tps_sweep", "Sweep the TPS / pedal sensors", "scan tool, DMM",
     "Slowly open the throttle key-on engine-off; graph both sensors for dropouts", "Smooth, correlated traces", 10, [("tps_sensor", 8, 0.15)])
test("throttle_inspect", "Inspect and clean the throttle body", "throttle cleaner",
     "Remove the intake tube, look for carbon around the plate; clean and relearn idle", "Clean bore", 15,
     [("throttle_body_dirty", 8, 0.15), ("iac_valve", 2, 0.7)])
test("iac_command", "Command the idle air control", "scan tool",
     "Command IAC steps / idle target up and down; rpm must follow", "Idle follows command", 10, [("iac_valve", 7, 0.2)])
test("map_vs_baro", "Compare MAP with baro at key-on and vacuum at idle", "scan tool, vacuum gauge",
     "KOEO MAP = baro; idle 18–21 inHg vacuum steady", "MAP equals baro, steady vacuum", 5,
     [("map_sensor", 6, 0.25), ("vacuum_leak", 2, 0.6), ("low_compression", 2, 0.7)])
test("boost_leak_test", "Pressure-test the charge-air system", "boost leak tester",
     "Cap the turbo inlet side, pressurise to 1.5 bar, listen/spray soap", "Holds pressure", 30, [("boost_leak", 10, 0.12)])
test("wastegate_test", "Check wastegate actuator and boost control", "vacuum pump / scan tool",
     "Move the actuator, command the boost solenoid, watch rod travel", "Full travel, follows command", 20, [("wastegate_fault", 8, 0.15)])
test("battery_test", "Load / conductance-test the battery", "battery tester",
     "Charge, then conductance or load test against the CCA rating", "Passes at ≥ 80 % CCA", 10, [("battery_weak", 10, 0.1)])
test("charging_test", "Test charging output", "DMM, amp clamp",
     "Engine at 2000 rpm, loads on: voltage and current, ripple", "13.6–14.8 V, ripple < 0.5 V AC", 10, [("alternator_failed", 10, 0.1)])
test("parasitic_draw_test", "Measure key-off draw after modules sleep", "amp clamp / DMM",
     "Doors latched, wait for sleep (up to 45 min), read draw; pull fuses to find the circuit", "≤ 50 mA", 45, [("parasitic_draw", 12, 0.08)])
test("voltage_drop", "Voltage-drop the starter circuit and battery cables", "DMM",
     "While cranking: positive and ground side drops < 0.5 V; starter voltage ≥ 9.6 V", "Drops under 0.5 V, starter turns", 15,
     [("battery_cable", 8, 0.15), ("starter_failed", 6, 0.2)])
test("spark_test", "Check for spark and injector pulse while cranking", "spark tester, noid light",
     "Spark tester on a coil, noid light on an injector while cranking", "Spark and pulse present", 10,
     [("ckp_sensor", 4, 0.3), ("immobilizer", 3, 0.5), ("fuel_pump_failed", 0.8, 1.2)])
test("immobilizer_check", "Check the immobilizer / security status", "scan tool",
     "Read immobilizer status PIDs and codes; try the spare key", "Key recognised", 5, [("immobilizer", 10, 0.1)])
test("trans_fluid_check", "Check transmission fluid level and condition", "dipstick / fill plug, scan tool",
     "At the specified temperature: level, colour, smell, debris on the magnet", "Full, red, no burnt smell", 15,
     [("trans_fluid", 6, 0.25), ("trans_internal_wear", 2.5, 0.6)])
test("shift_solenoid_test", "Test shift solenoids electrically and by command", "DMM, scan tool",
     "Resistance at the case connector; command each solenoid and listen/watch gear", "Resistance in spec, shifts on command", 25,
     [("shift_solenoid", 8, 0.15), ("circuit_wiring_fault", 2, 0.7)])
test("tcc_test", "Command TCC apply and watch slip rpm", "scan tool",
     "At 45 mph steady, command TCC: slip must drop below 50 rpm", "Locks, slip < 50 rpm", 20, [("tcc_solenoid", 7, 0.2)])
test("range_sensor_test", "Check the transmission range sensor in each position", "scan tool, DMM",
     "Read PRNDL PID in each position; check adjustment", "PID matches the lever", 15, [("trans_range_sensor", 8, 0.15)])
test("trans_speed_sensor_test", "Check input/output speed sensor signals", "scope, scan tool",
     "Drive: compare input/output speed PIDs with engine rpm and VSS", "Smooth signals, plausible ratio", 20,
     [("trans_speed_sensor", 8, 0.15), ("vss_sensor", 3, 0.5)])
test("stall_test", "Line pressure / stall test", "pressure gauge",
     "Line pressure in each range and stall speed against spec", "Pressures and stall speed in spec", 40, [("trans_internal_wear", 8, 0.2)])
test("vss_test", "Check the vehicle speed signal", "scan tool, scope",
     "Compare VSS PID with GPS speed / ABS wheel speeds", "Matches", 15, [("vss_sensor", 8, 0.15)])
test("brake_inspect", "Wheels off: measure pads and inspect hardware", "caliper gauge",
     "Measure pad thickness, check clips/shims, look for scoring and uneven wear", "Pads > 3 mm, hardware in place", 20,
     [("brake_pads_worn", 8, 0.15), ("brake_hardware", 4, 0.4), ("caliper_sticking", 2, 0.6)])
test("rotor_runout", "Measure rotor runout and thickness variation", "dial indicator, micrometer",
     "Runout at the rotor face with wheel nuts torqued; thickness at 8 points", "Runout < 0.05 mm, variation < 0.01 mm", 20,
     [("rotors_warped", 10, 0.1)])
test("caliper_drag", "Check for a dragging caliper (IR after a drive, spin test)", "IR thermometer",
     "After a short drive, compare rotor temperatures side to side; spin the wheel after a brake application", "Within 20 °C, wheel spins freely", 15,
     [("caliper_sticking", 8, 0.15), ("brake_hose_collapsed", 4, 0.4)])
test("alignment_check", "Check tyre pressure, wear and alignment", "gauge, alignment rack",
     "Pressures, tread wear pattern, swap front tyres side to side, alignment readings", "No pull after swap, alignment in spec", 30,
     [("alignment_tire", 8, 0.2)])
test("pcm_power_ground", "Check module powers, grounds and software level", "DMM, scan tool",
     "Voltage drop on module grounds, supplies under load; check for a calibration update", "Powers/grounds good, software current", 30,
     [("circuit_wiring_fault", 4, 0.4), ("pcm_fault", 0.5, 2.0), ("module_fault", 0.5, 2.0), ("battery_cable", 3, 0.6)])
test("oil_consumption_test", "Measure oil consumption over 1000 miles", "marked dipstick",
     "Fill to full, seal the drain plug mark, re-check after 1000 mi", "Under 1 qt / 3000 mi", 20,
     [("oil_consumption_rings", 8, 0.15)])
test("borescope_valves", "Borescope the intake valves", "borescope",
     "Through the intake port (manifold off) or plug hole: look for carbon on the valves", "Little or no deposit", 40,
     [("carbon_buildup", 10, 0.12)])
test("air_filter_check", "Inspect the air filter and intake duct", "eyes",
     "Remove the filter; hold it to a light; check the snorkel and duct for leaves or collapse", "Light passes, duct clear", 5,
     [("air_filter_clogged", 10, 0.1)])
test("module_diag", "Run the module self-test, check its software level and swap-test if possible", "scan tool, OEM software",
     "Read internal fault sub-codes, compare the calibration ID with the latest release, reflash if superseded", "No internal fault, software current", 30,
     [("pcm_fault", 6, 0.2), ("module_fault", 6, 0.2)])
test("component_check", "Test the component the code names", "DMM, scan tool",
     "Follow the service-manual pinpoint test for the component", "Component in spec", 25,
     [("component_failed", 8, 0.2), ("circuit_wiring_fault", 0.7, 1.5)])

# --------------------------------------------------------------------------
# data to ask for (raise-confidence suggestions), keyed by the evidence they feed
# --------------------------------------------------------------------------
ASK = [
    dict(id="mode6_misfire", needs_any=["misfire_total", "misfire_max_share", "misfire_cyls_active"], when_codes=["P0300"] + MISFIRE_CYL, when_tags=["misfire_felt", "rough_idle"],
         text="Read Mode 06 misfire counters per cylinder (misfire_cyl_N)"),
    dict(id="trims", needs_any=["ltft_max"], when_codes=["P0171", "P0174", "P0172", "P0175", "P0300", "P2187", "P0101"], when_tags=["rough_idle", "hesitation"],
         text="Record STFT/LTFT for each bank at warm idle and at 2500 rpm (ltft_b1, ltft_b1_2500, ...)"),
    dict(id="maf_idle", needs_any=["maf_gps_per_litre_idle"], when_codes=["P0171", "P0174", "P0101", "P0172", "P0175"], when_tags=["hesitation", "stalling"],
         text="Record MAF g/s at warm idle (with rpm and the engine size) to check the MAF"),
    dict(id="fuel_pressure", needs_any=["fuel_pressure_kpa"], when_codes=["P0171", "P0174", "P0087", "P0300"], when_tags=["crank_no_start", "hesitation"],
         text="Measure fuel pressure (fuel_pressure_kpa) at key-on, idle and under load"),
    dict(id="coolant_curve", needs_any=["coolant_temp_max"], when_codes=["P0128", "P0125", "P0116", "P0217"], when_tags=["overheating", "no_heat"],
         text="Log coolant temperature through a 15-minute warm-up (coolant_temp_max)"),
    dict(id="o2_graph", needs_any=["o2_b1s1_span_v", "o2_b1s2_span_v"], when_codes=["P0420", "P0430", "P0133", "P0153", "P0131", "P0137"], when_tags=[],
         text="Graph upstream and downstream O2 voltages at 2500 rpm (o2_b1s1_min_v/max_v, o2_b1s2_min_v/max_v)"),
    dict(id="cam_crank", needs_any=["cam_crank_offset_abs_deg"], when_codes=["P0016", "P0017", "P0018", "P0019", "P0341", "P0011", "P0021"], when_tags=["engine_noise_ticking"],
         text="Read the cam/crank correlation (cam angle deviation) PIDs"),
    dict(id="battery", needs_any=["battery_v", "charging_v"], when_codes=["P0562", "P0563", "P0560"], when_tags=["no_crank", "battery_drain", "charging_warning", "no_start"],
         text="Record resting battery voltage and charging voltage (battery_v, charging_v)"),
    dict(id="draw", needs_any=["parasitic_draw_ma"], when_codes=[], when_tags=["battery_drain"],
         text="Measure key-off parasitic draw after the modules sleep (parasitic_draw_ma)"),
]


def obdex_aliases():
    """Map OBDex cause ids of every curated code to a curated cause via the regexes."""
    data = json.load(open(OBDEX))["codes"]
    by = {x["code"]: x for x in data}
    seen = set()
    for c in CODES:
        x = by.get(c)
        if x:
            for k in x["causes"]:
                seen.add(k["id"])
    for fam in FAMILIES:
        pass
    out = {}
    for oid in sorted(seen):
        for cz in C:
            if cz.get("alias") and re.search(cz["alias"], oid):
                out[oid] = cz["id"]
                break
    return out, seen


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    aliases, seen = obdex_aliases()
    causes = []
    for cz in C:
        d = {k: v for k, v in cz.items() if k != "alias"}
        d["obdex_ids"] = sorted(o for o, t in aliases.items() if t == cz["id"])
        causes.append(d)
    write("causes.json", dict(sources=SOURCES, currency="USD", causes=causes))
    write("codes.json", dict(sources=SOURCES, codes=sorted(CODES.values(), key=lambda x: x["code"]), families=FAMILIES))
    write("rules.json", dict(sources=SOURCES, combos=COMBOS, readings=READINGS, mileage=MILEAGE, makes=MAKES, findings=FINDINGS,
                             symptoms=SYMPTOMS, words=WORDS, ask=ASK))
    write("tests.json", dict(sources=SOURCES, tests=TESTS))
    print(f"{len(C)} causes, {len(CODES)} codes, {len(FAMILIES)} families, {len(COMBOS)} combos, {len(READINGS)} readings, "
          f"{len(MAKES)} make patterns, {len(SYMPTOMS)} symptoms, {len(FINDINGS)} findings, {len(TESTS)} tests, "
          f"{len(aliases)}/{len(seen)} OBDex cause ids aliased")


if __name__ == "__main__":
    main()
