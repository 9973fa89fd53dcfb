package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * The format of a tax id, one of the Stripe formats Polar's {@code TaxIDFormat} lists ({@code
 * us_ein}, {@code eu_vat}, ...).
 *
 * <p>Open: a format outside that list decodes, keeps its text and reports {@link #isKnown()} {@code
 * false}.
 *
 * @param value the format exactly as Polar spells it
 */
public record TaxIdFormat(@JsonValue String value) {

  /** A United States employer identification number. */
  public static final TaxIdFormat US_EIN = new TaxIdFormat("us_ein");

  /** A European Union VAT number. */
  public static final TaxIdFormat EU_VAT = new TaxIdFormat("eu_vat");

  /** A United Kingdom VAT number. */
  public static final TaxIdFormat GB_VAT = new TaxIdFormat("gb_vat");

  private static final OpenValues<TaxIdFormat> KNOWN =
      new OpenValues<>(
              TaxIdFormat::new,
              "ad_nrt",
              "ae_trn",
              "ar_cuit",
              "au_abn",
              "au_arn",
              "bg_uic",
              "bh_vat",
              "bo_tin",
              "br_cnpj",
              "br_cpf",
              "ca_bn",
              "ca_gst_hst",
              "ca_pst_bc",
              "ca_pst_mb",
              "ca_pst_sk",
              "ca_qst",
              "ch_uid",
              "ch_vat",
              "cl_tin",
              "cn_tin",
              "co_nit",
              "cr_tin",
              "de_stn",
              "do_rcn",
              "ec_ruc",
              "eg_tin",
              "es_cif",
              "eu_oss_vat",
              "eu_vat",
              "gb_vat",
              "ge_vat",
              "hk_br",
              "hr_oib",
              "hu_tin",
              "id_npwp",
              "il_vat",
              "in_gst",
              "is_vat",
              "jp_cn",
              "jp_rn",
              "jp_trn",
              "ke_pin",
              "kr_brn",
              "kz_bin",
              "li_uid",
              "mk_vat",
              "mx_rfc",
              "my_frp",
              "my_itn",
              "my_sst",
              "ng_tin",
              "no_vat",
              "no_voec",
              "nz_gst",
              "om_vat",
              "pe_ruc",
              "ph_tin",
              "ro_tin",
              "rs_pib",
              "ru_inn",
              "ru_kpp",
              "sa_vat",
              "sg_gst",
              "sg_uen",
              "si_tin",
              "sv_nit",
              "th_vat",
              "tr_tin",
              "tw_vat",
              "ua_vat",
              "us_ein",
              "uy_ruc",
              "ve_rif",
              "vn_tin",
              "za_vat",
              "mu_tan")
          .interning(TaxIdFormat::value, US_EIN, EU_VAT, GB_VAT);

  /**
   * Creates a tax id format.
   *
   * @param value the format text; never {@code null}
   */
  public TaxIdFormat {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Returns the format for a text, a shared instance when the text is a known format.
   *
   * @param value the format text; never {@code null}
   * @return the format
   */
  @JsonCreator
  public static TaxIdFormat of(String value) {
    return KNOWN.of(value);
  }

  /**
   * Tells whether the format is one of those Polar's {@code TaxIDFormat} lists.
   *
   * @return {@code true} for a listed format
   */
  public boolean isKnown() {
    return KNOWN.isKnown(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
