//! placeholder until the ELM327 client lands
